// A relationship from its first yes to its first meeting, with both people at
// their own keyboards (they sign in and out on the same browser):
// the administrator opens a self-match programme, the demo mentor applies and is
// approved, the demo manager enrols as a mentee, assesses herself and asks the
// mentor; the mentor accepts; the mentee proposes the agreement and both confirm
// it; she adds two goals; a meeting is logged with its agenda and a question for
// next time; and its calendar invite (.ics) downloads.
//
// A mentor's places and a pair's relationship are for good, so the journey runs
// once, at desktop size, photographing each step at phone size too.
'use strict';

const MENTOR = 'mentor@demo.mentorhub.test';
const MENTEE = 'manager@demo.mentorhub.test';
const ADMIN = 'admin@demo.mentorhub.test';

function nav(j) {
  return j.page.getByRole('navigation', { name: 'Main' });
}

async function openProgramme(j, name) {
  await j.follow('Programmes', nav(j));
  await j.follow(name);
  await j.expectHeading(name);
}

async function switchTo(j, email) {
  await j.signOut();
  await j.signIn(email);
  await j.checkPage();
}

// "23 Nov 2026, 22:26 UTC" → Date
function parseUtc(text) {
  const m = text.match(/(\d{1,2}) (\w{3}) (\d{4}), (\d{2}):(\d{2}) UTC/);
  if (!m) throw new Error(`no time in ${JSON.stringify(text)}`);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[2]);
  return new Date(Date.UTC(+m[3], month, +m[1], +m[4], +m[5]));
}

function localInput(d) {
  return d.toISOString().slice(0, 16);
}

module.exports = {
  name: 'relationship-start',
  viewports: ['desktop'],
  phoneToo: true,
  async run(j) {
    const page = j.page;
    const tag = String(Date.now() % 1000000);
    const programme = `Coaching Circle ${tag}`;

    // The administrator opens a self-match programme with no training required.
    await j.signIn(ADMIN);
    await j.follow('Programmes', nav(j));
    await j.follow('New programme');
    await page.getByLabel('Name', { exact: true }).fill(programme);
    await page.getByLabel('Description', { exact: true }).fill('Find a coach from another function, at your own pace.');
    await page.getByLabel('Focus skills', { exact: true }).fill('developing talent');
    await page.getByLabel('Mode', { exact: true }).selectOption('self_match');
    await page.getByLabel('Formality', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Months before they reassess', { exact: true }).fill('6');
    await page.getByLabel('Mentors complete the required mentor resources before they count as qualified', { exact: true }).uncheck();
    await page.getByLabel('Mentees complete the required mentee resources before matching', { exact: true }).uncheck();
    await page.getByLabel('Status', { exact: true }).selectOption('open');
    await j.submit('Save programme');
    await j.expectHeading(programme);

    // The mentor applies.
    await switchTo(j, MENTOR);
    await openProgramme(j, programme);
    await j.follow('Apply to be a mentor');
    await j.expectHeading(`Mentor in ${programme}`);
    await page.getByLabel('About you', { exact: true }).fill('I run customer operations across three sites and love growing first-time managers.');
    await page.getByLabel('Areas of expertise', { exact: true }).fill('Developing talent: 5\nOperations: 4');
    await page.getByLabel('Your leadership style', { exact: true }).fill('collaborative');
    await page.getByLabel('sociable', { exact: true }).check();
    await page.getByLabel('Track record', { exact: true }).fill('Grew six team leads into managers.');
    await page.getByLabel('How many mentees at once (1–10)', { exact: true }).fill('6');
    await page.getByLabel('Video', { exact: true }).check();
    await page.getByLabel('Availability', { exact: true }).fill('Thursday afternoons');
    await j.submit('Send application');
    await j.expectText('applied');

    // The administrator approves it.
    await switchTo(j, ADMIN);
    await openProgramme(j, programme);
    await j.follow('Mentor applications');
    await j.follow('Hannah Singh');
    await page.getByLabel('Approve', { exact: true }).check();
    await j.submit('Record decision');
    await j.expectText('approved');

    // The mentee enrols, assesses herself and asks the mentor.
    await switchTo(j, MENTEE);
    await openProgramme(j, programme);
    await j.submit('Enrol as a mentee');
    await j.follow('complete your self-assessment');
    await j.expectHeading('Your self-assessment');
    await page.getByLabel('First skill', { exact: true }).fill('developing talent');
    await page.getByLabel('2. How do you lead today?', { exact: true }).fill('decisive');
    await page.getByLabel('Differently, to be challenged', { exact: true }).check();
    await page.getByLabel('5. Your development goals for this year', { exact: true }).fill('Grow two analysts into leads; delegate the month-end close.');
    await page.getByLabel('6. Where do you see yourself in three years?', { exact: true }).fill('Leading a larger finance team.');
    await j.submit('Save self-assessment');
    await j.follow('Find a mentor', nav(j));
    await j.follow(programme);
    const card = page.locator('article.mh-mentor', { hasText: 'Hannah Singh' });
    await card.getByLabel('Why them? (optional)').fill('You grow managers, which is what I need to learn.');
    await j.submit('Ask Hannah Singh to mentor you', card);
    await j.expectText('Your request to Hannah Singh is waiting for an answer');
    await j.screenshot('request-sent');

    // The mentor accepts and they are introduced.
    await switchTo(j, MENTOR);
    await j.follow('Mentee requests', nav(j));
    const request = page.locator('li, article, .card', { hasText: 'Nadia' }).filter({ has: page.getByRole('button', { name: 'Accept and be introduced' }) }).last();
    await j.expectTextIn(request, 'You grow managers');
    await j.screenshot('request-received');
    await j.submit('Accept and be introduced', request);
    await j.follow('Relationships', nav(j));
    await j.follow(/^Nadia /, page.locator('.card', { hasText: programme }));
    await j.expectText('mentored by Hannah Singh');
    await j.expectText('Introduced');
    const relationship = j.path();

    // The mentee proposes the agreement; the mentor confirms; the mentee too.
    await switchTo(j, MENTEE);
    await j.goto(relationship);
    await j.follow('Propose the agreement');
    await j.expectHeading('Propose your mentoring agreement');
    await page.getByLabel('How often you meet', { exact: true }).selectOption({ index: 0 });
    await page.getByLabel("The mentee's concerns about this relationship", { exact: true }).fill('Month-end weeks are hard for me.');
    await j.submit('Propose this agreement');
    await j.expectText('Waiting for confirmation');
    await j.submit('Confirm this agreement');
    await j.expectText('mentee confirmed');

    await switchTo(j, MENTOR);
    await j.goto(relationship);
    await j.expectText('Month-end weeks are hard for me.');
    await j.submit('Confirm this agreement');
    await j.expectText('Agreed by both');
    await j.screenshot('agreement-agreed');

    // The mentee adds her goals: one her manager may see, one private.
    await switchTo(j, MENTEE);
    await j.goto(relationship);
    for (const [title, shared] of [['Grow two analysts into team leads', true], ['Delegate the month-end close', false]]) {
      await j.follow('Add a goal');
      await page.getByLabel('Goal', { exact: true }).fill(title);
      await page.getByLabel('What achieving it looks like', { exact: true }).fill('Someone else runs it and I only review.');
      await page.getByLabel('Progress (%)', { exact: true }).fill('10');
      if (shared) await page.getByLabel('My manager may see this goal', { exact: true }).check();
      await j.submit('Save the goal');
      await j.expectText(title);
    }
    await j.expectText('shared with your manager');
    await j.expectText('private from your manager');

    // The first meeting, logged as held, with its agenda and a question for next time.
    const started = parseUtc(await page.locator('.rel-history li').first().innerText());
    await j.follow('Propose or log a meeting');
    await j.expectHeading('Plan or log a meeting');
    await page.getByLabel('Date and time (UTC)', { exact: true }).fill(localInput(started));
    await page.getByLabel('Status', { exact: true }).selectOption('held');
    await page.getByLabel('Agenda', { exact: true }).fill('Introductions; my two goals; how we keep month-end weeks free.');
    await page.getByLabel('Next meeting (UTC, optional)', { exact: true }).fill(localInput(new Date(started.getTime() + 14 * 86400000)));
    await page.getByLabel('A question to prepare for the next meeting', { exact: true }).fill('What would you stop doing to free a day a week?');
    await j.submit('Save the meeting');
    await j.goto(relationship);
    await j.expectText('Agenda: Introductions; my two goals');
    await j.expectText('Question for next time: What would you stop doing to free a day a week?');
    await j.screenshot('meeting-logged');

    // Its calendar invite downloads.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to calendar (.ics)' }).first().click(),
    ]);
    if (!download.suggestedFilename().endsWith('.ics')) throw new Error(`the invite is called ${download.suggestedFilename()}`);
    const ics = require('fs').readFileSync(await download.path(), 'utf8');
    for (const want of ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'Hannah Singh']) {
      if (!ics.includes(want)) throw new Error(`the .ics lacks ${want}:\n${ics}`);
    }
  },
};
