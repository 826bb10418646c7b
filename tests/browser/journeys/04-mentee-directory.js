// A newcomer to a programme finds her mentors: the demo manager, who has never
// been a mentee, enrols in Leadership Depth 2026, is told to assess herself
// first, completes the self-assessment, then browses the mentor directory with
// filters, reads her recommendations and why each fits, and ranks two mentors
// (privately) for the administrators' matching.
//
// An enrolment is for good, so the journey runs once, at desktop size,
// photographing each step at phone size too.
'use strict';

const PROGRAMME = 'Leadership Depth 2026';

function nav(j) {
  return j.page.getByRole('navigation', { name: 'Main' });
}

module.exports = {
  name: 'mentee-directory',
  viewports: ['desktop'],
  phoneToo: true,
  async run(j) {
    const page = j.page;
    await j.signIn('manager@demo.mentorhub.test');
    await j.expectText('Hello, Nadia');

    // She joins the programme as a mentee.
    await j.follow('Programmes', nav(j));
    await j.follow(PROGRAMME);
    await j.expectHeading(PROGRAMME);
    await j.expectText('What is expected of you');
    await j.screenshot('programme');
    await j.submit('Enrol as a mentee');
    await j.expectText('Next step: complete your self-assessment');

    // The directory asks for the self-assessment first.
    await j.follow('Find a mentor', nav(j));
    await j.follow(PROGRAMME);
    await j.expectHeading(`Mentors of ${PROGRAMME}`);
    await j.expectText('Complete your self-assessment first');
    await j.expectNoText('Make first choice');
    await j.follow('Complete your self-assessment');

    await j.expectHeading('Your self-assessment');
    await page.getByLabel('First skill', { exact: true }).fill('Quick, decisive strategic decisions');
    await page.getByLabel('Second skill (optional)', { exact: true }).fill('Recognising and developing talent');
    await page.getByLabel('2. How do you lead today?', { exact: true }).fill('collaborative');
    await page.getByLabel('Differently, to be challenged', { exact: true }).check();
    await page.getByRole('group', { name: 'Sociable or business-like?' }).getByLabel('business-like', { exact: true }).check();
    await page.getByRole('group', { name: 'A thinker or a doer?' }).getByLabel('doer', { exact: true }).check();
    await page.getByLabel('5. Your development goals for this year', { exact: true })
      .fill('Make the quarterly forecast call within a day. Grow one analyst into a team lead.');
    await page.getByLabel('6. Where do you see yourself in three years?', { exact: true }).fill('Running finance for a business unit.');
    await j.screenshot('self-assessment');
    await j.submit('Save self-assessment');
    await j.expectText('Your self-assessment was saved');

    // Recommendations, each with its reasons.
    await j.follow('Find a mentor', nav(j));
    await j.follow(PROGRAMME);
    await j.expectText('Pick one or two mentors you would like');
    const recs = page.locator('section[aria-labelledby="rec-h"] li.card');
    if ((await recs.count()) < 1) throw new Error('no mentor is recommended');
    const top = recs.first();
    await j.expectTextIn(top, 'OF 100');
    await j.expectTextIn(top, 'Why');
    const reasons = await top.locator('tbody tr').count();
    if (reasons < 3) throw new Error(`the top recommendation gives ${reasons} reason(s)`);
    await j.screenshot('recommendations');

    // Filters: mentors in Operations with a place left.
    await page.getByLabel('Function', { exact: true }).selectOption('Operations');
    await page.getByLabel('With a place left', { exact: true }).check();
    await j.submit('Filter');
    const cards = page.locator('section[aria-labelledby="all-h"] article.mh-mentor');
    const shown = await cards.count();
    if (shown < 2) throw new Error(`expected at least two Operations mentors with room, found ${shown}`);
    for (const line of await cards.locator('p.muted').first().allInnerTexts()) {
      if (!line.includes('Operations')) throw new Error(`a mentor outside Operations is listed: ${line}`);
    }
    for (const text of await cards.allInnerTexts()) {
      if (text.includes('Full')) throw new Error('a full mentor is listed despite "With a place left"');
    }
    await j.screenshot('filtered');

    // She ranks two of them; the ranking stays private.
    const firstName = (await cards.nth(0).locator('h3').innerText()).trim();
    const secondName = (await cards.nth(1).locator('h3').innerText()).trim();
    await j.submit('Make first choice', cards.nth(0));
    await j.expectText('Your choices (private');
    // The directory comes back as she left it, filters and all.
    if ((await page.getByLabel('Function', { exact: true }).inputValue()) !== 'Operations') throw new Error('ranking reset the Function filter');
    if (!(await page.getByLabel('With a place left', { exact: true }).isChecked())) throw new Error('ranking reset the "With a place left" filter');
    await j.submit('Make second choice', page.locator('article.mh-mentor', { hasText: secondName }));
    const choices = await page.locator('section.mh-me ol li').allInnerTexts();
    if (choices.length !== 2 || choices[0] !== firstName || choices[1] !== secondName) {
      throw new Error(`expected the choices ${firstName}, ${secondName}; the page lists ${choices}`);
    }
    await j.expectText('mentors never see them');
    await j.expectTextIn(page.locator('article.mh-mentor', { hasText: firstName }), 'Your first choice');
    await j.screenshot('ranked');
  },
};
