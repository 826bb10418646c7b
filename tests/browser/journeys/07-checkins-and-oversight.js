// Check-ins and who sees what: the demo mentee answers her 90-day check-in and
// adds a goal she keeps from her manager; the mentor updates his own answers;
// neither sees the other's. The manager sees the relationship and only the goals
// she shared — no private goal, no check-in answer, no meeting note. The
// administrator sees both people's answers and the programme's health pages.
//
// Answering is for good, so the journey runs once, at desktop size,
// photographing each step at phone size too.
'use strict';

const MENTEE = 'mentee@demo.mentorhub.test';
const MENTOR = 'mentor@demo.mentorhub.test';
const MANAGER = 'manager@demo.mentorhub.test';
const ADMIN = 'admin@demo.mentorhub.test';

function nav(j) {
  return j.page.getByRole('navigation', { name: 'Main' });
}

async function answer(j, contact, working, help) {
  const page = j.page;
  await page.getByRole('group', { name: /regular contact/ }).getByLabel(contact, { exact: true }).check();
  await page.getByRole('group', { name: /working/ }).getByLabel(String(working), { exact: true }).check();
  await page.getByLabel('What would help?', { exact: true }).fill(help);
  await j.submit('Send my answers');
}

module.exports = {
  name: 'checkins-and-oversight',
  viewports: ['desktop'],
  phoneToo: true,
  async run(j) {
    const page = j.page;
    const tag = String(Date.now() % 1000000);
    const menteeHelp = `More time to prepare before each meeting (${tag}).`;
    const mentorHelp = `A shared list of topics we keep coming back to (${tag}).`;
    const privateGoal = `Say no to one meeting a week (${tag})`;

    // The mentee's check-in.
    await j.signIn(MENTEE);
    await j.follow('Relationships', nav(j));
    await j.follow('Hannah Singh');
    await j.expectText('Check-ins due');
    const relationship = j.path();
    await j.follow('Answer your 90-day check-in');
    await j.expectHeading('Your 90-day check-in');
    await answer(j, 'Yes', 4, menteeHelp);
    await j.goto(relationship);
    const mine = page.locator('section[aria-labelledby="checkins-heading"]');
    await j.expectTextIn(mine, menteeHelp);
    await j.expectTextIn(mine, 'Hannah Singh does not see them');
    await j.screenshot('mentee-checkins');

    // A goal she keeps from her manager.
    await j.follow('Add a goal');
    await page.getByLabel('Goal', { exact: true }).fill(privateGoal);
    await page.getByLabel('Progress (%)', { exact: true }).fill('20');
    await j.submit('Save the goal');
    await j.goto(relationship);
    await j.expectTextIn(page.locator('li.goal', { hasText: privateGoal }), 'private from your manager');
    await j.expectTextIn(page.locator('li.goal', { hasText: 'Read and discuss one book on leadership' }), 'shared with your manager');

    // The mentor changes his own 90-day answers and does not see hers.
    await j.signOut();
    await j.signIn(MENTOR);
    await j.goto(relationship);
    await j.expectNoText(menteeHelp);
    await j.follow('Change your 90-day answers');
    await j.expectText('You answered this check-in');
    await answer(j, 'Yes', 5, mentorHelp);
    await j.goto(relationship);
    await j.expectText(mentorHelp);
    await j.expectNoText(menteeHelp);
    await j.screenshot('mentor-checkins');

    // The manager sees what was shared, and nothing else.
    await j.signOut();
    await j.signIn(MANAGER);
    await j.follow('Team', nav(j));
    await j.expectText('Nikos Aziz mentored by Hannah Singh');
    await j.goto(relationship);
    await j.expectText('Read and discuss one book on leadership');
    await j.expectText('the goals Nikos Aziz chooses to share');
    await j.expectNoText(privateGoal);
    await j.expectNoText(menteeHelp);
    await j.expectNoText(mentorHelp);
    await j.expectNoText('Question for next time');
    await j.screenshot('manager-view');

    // The administrator sees both answers, and the health of the programme.
    await j.signOut();
    await j.signIn(ADMIN);
    await j.goto(relationship);
    await j.expectText(menteeHelp);
    await j.expectText(mentorHelp);
    await j.expectNoText(privateGoal);
    await j.follow('Health', nav(j));
    await j.expectText('Leadership Depth 2026');
    await j.screenshot('health-overview');
    await j.follow('Leadership Depth 2026');
    await j.expectText('Leadership Depth 2026');
    await j.screenshot('health-programme');
  },
};
