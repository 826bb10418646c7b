// When something goes wrong the page says what happened and what to do:
// - a stale edit: the demo mentee edits the same goal in two tabs; the second
//   save is refused with a message, shows the newer version and what she typed;
// - a bad input: a goal at 150% is refused with the reason next to the field,
//   and what she typed is kept;
// - a forbidden page: the people directory, for administrators only, says so.
// Nothing here depends on what other journeys did, and it can run any number of
// times.
'use strict';

const GOAL = 'Decide within the week on calls that are mine';

async function inTab(j, page, fn) {
  const main = j.page;
  j.page = page;
  try {
    return await fn();
  } finally {
    j.page = main;
  }
}

module.exports = {
  name: 'clear-messages',
  async run(j) {
    const page = j.page;
    await j.signIn('mentee@demo.mentorhub.test');
    await j.follow('Relationships', page.getByRole('navigation', { name: 'Main' }));
    await j.follow('Hannah Singh');
    await j.follow(GOAL);
    await j.expectHeading('Your goal');
    const goalUrl = j.path();

    // Two tabs on the same goal.
    const other = await j.context.newPage();
    await inTab(j, other, () => j.goto(goalUrl));
    const before = Number(await page.getByLabel('Progress (%)', { exact: true }).inputValue());
    const first = (before + 7) % 100;
    const second = (before + 13) % 100;

    await page.getByLabel('Progress (%)', { exact: true }).fill(String(first));
    await j.submit('Save the goal');
    await j.expectTextIn(page.locator('li.goal', { hasText: GOAL }), `${first}%`);

    await inTab(j, other, async () => {
      await other.getByLabel('Progress (%)', { exact: true }).fill(String(second));
      await j.submit('Save the goal');
      await j.expectText('This goal was changed elsewhere since you opened it, so your changes were not saved');
      await j.expectText(`progress ${second}%`);
      const shown = await other.getByLabel('Progress (%)', { exact: true }).inputValue();
      if (Number(shown) !== first) throw new Error(`the newer version (${first}%) should be shown, the form shows ${shown}%`);
      await j.screenshot('stale-goal');
      // Saving again from the newer version works.
      await other.getByLabel('Progress (%)', { exact: true }).fill(String(second));
      await j.submit('Save the goal');
      await j.expectTextIn(other.locator('li.goal', { hasText: GOAL }), `${second}%`);
    });
    await other.close();

    // A bad input.
    await j.follow('Add a goal');
    await page.getByLabel('Goal', { exact: true }).fill('Chair the quarterly review');
    await page.getByLabel('What achieving it looks like', { exact: true }).fill('I run it end to end.');
    await page.getByLabel('Progress (%)', { exact: true }).fill('150');
    // The browser's own checks would stop the form first; a person on an old
    // browser, or one that ignores them, gets the server's answer.
    await page.locator('form').evaluateAll((forms) => forms.forEach((f) => { f.noValidate = true; }));
    await j.submit('Save the goal');
    await j.expectHeading('Add a goal');
    const progress = page.getByLabel('Progress (%)', { exact: true });
    if ((await progress.getAttribute('aria-invalid')) !== 'true') throw new Error('the progress field is not marked invalid');
    const errorId = await progress.getAttribute('aria-describedby');
    if (!errorId) throw new Error('the progress field is not tied to its error message');
    await j.expectTextIn(page.locator(`#${errorId}`), 'must be a percentage from 0 to 100');
    for (const [label, typed] of [['Goal', 'Chair the quarterly review'], ['What achieving it looks like', 'I run it end to end.'], ['Progress (%)', '150']]) {
      const kept = await page.getByLabel(label, { exact: true }).inputValue();
      if (kept !== typed) throw new Error(`what was typed in ${label} was not kept: ${JSON.stringify(kept)}`);
    }
    await j.screenshot('bad-input');

    // A page for administrators only.
    const response = await j.goto('/people');
    if (response.status() !== 403) throw new Error(`/people should be forbidden to a mentee, got ${response.status()}`);
    await j.expectHeading('Not yours to see');
    await j.expectText('only programme administrators can do this');
    await j.expectText('Back to your home page');
    await j.screenshot('forbidden');
  },
};
