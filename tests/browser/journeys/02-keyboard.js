// Signing in works with the keyboard alone: skip link, labelled fields in order,
// Enter submits.
'use strict';

module.exports = {
  name: 'keyboard',
  viewports: ['desktop'],
  async run(j) {
    await j.goto('/login');
    await j.page.keyboard.press('Tab');
    const first = await j.page.evaluate(() => document.activeElement.textContent.trim());
    if (first !== 'Skip to content') throw new Error(`the first Tab should reach the skip link, reached ${JSON.stringify(first)}`);
    // Tab through to the email field and type, as a keyboard user would.
    for (let i = 0; i < 10; i += 1) {
      const id = await j.page.evaluate(() => document.activeElement.id);
      if (id === 'email') break;
      await j.page.keyboard.press('Tab');
    }
    await j.page.keyboard.type('mentor@demo.mentorhub.test');
    await j.page.keyboard.press('Tab');
    await j.page.keyboard.type('mentorhub-demo');
    await j.page.keyboard.press('Enter');
    await j.page.waitForLoadState('load');
    await j.expectText('Your mentees');
  },
};
