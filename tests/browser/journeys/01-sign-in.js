// Every demo role signs in from the sign-in page and sees their own world; a
// wrong password gets a clear message and keeps the email typed.
'use strict';

const ROLES = [
  ['admin@demo.mentorhub.test', 'admin', 'Programmes'],
  ['mentee@demo.mentorhub.test', 'mentee', 'Your goals'],
  ['mentor@demo.mentorhub.test', 'mentor', 'Your mentees'],
  ['manager@demo.mentorhub.test', 'manager', "Your team's mentoring"],
];

module.exports = {
  name: 'sign-in',
  async run(j) {
    await j.goto('/login');
    await j.expectText('Demo accounts');
    await j.screenshot('page');

    await j.page.getByLabel('Email address').fill('mentee@demo.mentorhub.test');
    await j.page.getByLabel('Password').fill('not the password');
    await j.page.getByRole('button', { name: 'Sign in' }).click();
    await j.page.waitForLoadState('load');
    await j.checkPage();
    await j.expectText('email address or password is not right');
    const kept = await j.page.getByLabel('Email address').inputValue();
    if (kept !== 'mentee@demo.mentorhub.test') throw new Error(`the typed email was not kept: ${kept}`);
    await j.screenshot('wrong-password');

    for (const [email, role, section] of ROLES) {
      await j.signIn(email);
      await j.checkPage();
      await j.expectText('Hello,');
      await j.expectText(section);
      await j.screenshot(`home-${role}`);
      await j.signOut();
      await j.expectText('Sign in');
    }
  },
};
