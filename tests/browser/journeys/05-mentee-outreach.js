// The demo mentee looks for an informal mentor on her own: she shortlists two
// colleagues with what she likes about them, contacts each, holds a
// conversation, thanks them and asks. The first says no — the page says that is
// common and points to the next name — and the second says yes, which starts a
// mentoring relationship she can open.
//
// The shortlist is the mentee's own and an accepted mentor is for good, so the
// journey runs once, at desktop size, photographing each step at phone size too.
'use strict';

// A colleague outside the mentee's own management line (she is in Finance),
// found by searching as she would: the first active match not already listed.
const SEARCHES = ['Patel', 'Silva', 'Khan', 'Nguyen', 'Chen', 'Jones', 'Okafor', 'Kowalski', 'Murphy', 'Tanaka'];

async function addToShortlist(j, searches, positives, constraints) {
  const page = j.page;
  let candidate = null;
  while (!candidate && searches.length) {
    await page.getByLabel('Search people by name', { exact: true }).fill(searches.shift());
    await j.submit('Search');
    const found = page.locator('ul.people li', { has: page.getByRole('link', { name: 'Add to my shortlist' }) })
      .filter({ hasNotText: 'Finance' }).filter({ hasNotText: 'Hannah Singh' });
    if (await found.count()) candidate = found.first();
  }
  if (!candidate) throw new Error('no colleague to shortlist was found');
  const name = (await candidate.locator('strong').innerText()).trim();
  await j.follow('Add to my shortlist', candidate);
  await j.expectText(`Add ${name}`);
  await page.getByLabel('What makes them a good mentor for you', { exact: true }).fill(positives);
  await page.getByLabel('Constraints, if any', { exact: true }).fill(constraints);
  await page.getByLabel('What colleagues said about them', { exact: true }).fill('A colleague in my team says they make time for people.');
  await j.submit('Add to my shortlist');
  // The candidate's own page, with what she noted.
  await j.expectHeading(name);
  const noted = await page.getByLabel('What makes them a good mentor for you', { exact: true }).inputValue();
  if (noted !== positives) throw new Error(`the positives were not kept: ${JSON.stringify(noted)}`);
  await j.follow('← Your shortlist');
  await j.expectText(name);
  await j.expectText(positives);
  return name;
}

// From the candidate's page: contact, a conversation, a thank-you note, the ask.
async function workUpToTheAsk(j, name) {
  const page = j.page;
  await j.expectHeading(name);
  await j.expectText('Shortlisted');
  await page.getByLabel('How you contacted them', { exact: true }).selectOption('email');
  await j.submit('I have contacted them');
  await j.expectTextIn(page.locator('.outreach-progress'), 'Yes, by email');

  await page.getByLabel('What you talked about, and how it felt', { exact: true })
    .fill(`Thirty minutes over coffee with ${name}: how they learned to make quick calls.`);
  await page.getByLabel('Yes, warmly').check();
  await j.submit('Record the conversation');
  await j.expectText(`1 with ${name}`);

  await j.submit('I have sent a thank-you note');
  await j.expectTextIn(page.locator('.outreach-progress'), 'Sent');

  await page.getByLabel('What you are looking for', { exact: true }).fill('Help making strategic decisions quickly, and growing my analysts.');
  await j.submit('Show the draft');
  await j.expectText('Your ask, drafted');
  await j.submit('I have asked them');
  await j.expectText(`What did ${name} answer?`);
}

module.exports = {
  name: 'mentee-outreach',
  viewports: ['desktop'],
  phoneToo: true,
  async run(j) {
    const page = j.page;
    await j.signIn('mentee@demo.mentorhub.test');
    await j.follow('Shortlist', page.getByRole('navigation', { name: 'Main' }));
    await j.expectHeading('Your shortlist');
    await j.expectText('Only you can see this list');

    const searches = [...SEARCHES];
    const first = await addToShortlist(j, searches,
      'Runs the best-organised team in the building; decisive.', 'Based in another city.');
    const second = await addToShortlist(j, searches,
      'Turned around a struggling team and grew two managers.', 'Busy at quarter end.');
    // She puts her two favourites at the top of the list, in her order.
    for (const name of [second, first]) {
      for (let i = 0; i < 10; i += 1) {
        const up = page.getByRole('button', { name: `Move up ${name}`, exact: true });
        if (!(await up.count())) break;
        await j.submit(`Move up ${name}`);
      }
    }
    const order = await page.locator('.shortlist-name').allInnerTexts();
    if (order[0] !== first || order[1] !== second) throw new Error(`expected ${first} then ${second} at the top, the list is ${order}`);
    await j.screenshot('shortlist');

    // The first asked says no.
    await j.follow(first, page.locator('ol.shortlist'));
    await workUpToTheAsk(j, first);
    await j.screenshot('asked');
    await page.getByLabel('No', { exact: true }).check();
    await j.submit('Record their answer');
    await j.expectTextIn(page.locator('.outreach-progress'), 'No');
    await j.expectText('A decline is common and says nothing about you');
    await j.expectText(`Next on your list: ${second}`);
    await j.screenshot('declined');

    // The next one on the list says yes.
    await j.follow(second, page.locator('.alert-ok'));
    await workUpToTheAsk(j, second);
    await page.getByLabel('Yes, they will be my mentor', { exact: true }).check();
    const programme = page.getByLabel('Programme to record your mentoring in (if they said yes)', { exact: true });
    if (await programme.count()) await programme.selectOption({ index: 1 });
    await j.submit('Record their answer');
    await j.expectText(`${second} is your mentor`);
    await j.screenshot('accepted');

    await j.follow('Open your mentoring relationship');
    await j.expectText(`mentored by ${second}`);
    await j.expectText('What to do next');
    await j.screenshot('relationship');

    // The shortlist shows where each stands.
    await j.follow('Shortlist', page.getByRole('navigation', { name: 'Main' }));
    await j.expectTextIn(page.locator('li.shortlist-item', { hasText: first }), 'Declined');
    await j.expectTextIn(page.locator('li.shortlist-item', { hasText: second }), 'Accepted');
  },
};
