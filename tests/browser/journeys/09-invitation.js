// A newcomer's first sign-in: the administrator imports her from the HR export
// and sends her an invitation; she opens the link from her email, is refused a
// too-common password (the reason next to the field), sets a good one and lands
// signed in on her home page. The same link, used again, says it no longer works.
//
// Each run imports a new person, so it runs on the desktop and on the phone.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = {
  name: 'invitation',
  async run(j) {
    const page = j.page;
    const tag = `${Date.now() % 1000000}${j.viewportName[0]}`;
    const employeeId = `INV${tag}`;
    const email = `imani.okonkwo.${tag}@demo.mentorhub.test`;
    const name = 'Imani Okonkwo';

    // The administrator adds her (and nobody else changes).
    await j.signIn('admin@demo.mentorhub.test');
    await j.goto('/people/import');
    const file = path.join(os.tmpdir(), `mentorhub-newcomer-${tag}.csv`);
    fs.writeFileSync(file, [
      'employee_id,name,email,title,manager_employee_id,location,function,career_level',
      `${employeeId},${name},${email},Product Analyst,MH1001,Leeds,Product,4`,
    ].join('\n') + '\n');
    await page.getByLabel('HR export (CSV file)', { exact: true }).setInputFiles(file);
    await page.getByLabel('Only add and update (do not deactivate people missing from the file)', { exact: true }).check();
    await j.submit('Import');
    fs.unlinkSync(file);
    await j.expectText('1 added');

    // She gets an invitation from her page.
    await j.goto(`/people?q=${employeeId}`);
    await j.follow(name, page.getByRole('main'));
    await j.expectHeading(name);
    await j.screenshot('person');
    await j.submit('Send an invitation');
    await j.expectHeading('Invitation sent');
    await j.expectText(`An invitation was sent to ${name} at ${email}`);
    await j.screenshot('sent');
    await j.signOut();

    // Her email holds the link.
    const mail = await j.email(email, /\/invitations\/[A-Za-z0-9_-]+/);
    const link = mail.match(/(?:https?:\/\/[^\s/]+)?(\/invitations\/[A-Za-z0-9_-]+)/)[1];
    await j.goto(link);
    await j.expectHeading('Set your password');
    await j.screenshot('set-password');

    // A very common password is refused, next to the field.
    await page.getByLabel('New password', { exact: true }).fill('password1');
    await page.getByLabel('New password again', { exact: true }).fill('password1');
    await j.submit('Set password and sign in');
    const field = page.getByLabel('New password', { exact: true });
    if ((await field.getAttribute('aria-invalid')) !== 'true') throw new Error('the password field is not marked invalid');
    const described = (await field.getAttribute('aria-describedby')) || '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error'));
    if (!errorId) throw new Error(`the password field is not tied to its error (aria-describedby="${described}")`);
    await j.expectTextIn(page.locator(`#${errorId}`), 'one of the most common passwords');
    await j.screenshot('common-password-refused');

    // A good one signs her in.
    await page.getByLabel('New password', { exact: true }).fill('quiet harbour lantern 42');
    await page.getByLabel('New password again', { exact: true }).fill('quiet harbour lantern 42');
    await j.submit('Set password and sign in');
    if (j.path() !== '/') throw new Error(`she should land on her home page, she is on ${j.path()}`);
    await j.expectText(`Hello, ${name.split(' ')[0]}`);
    await j.screenshot('signed-in');
    await j.signOut();

    // The link works once.
    const response = await j.goto(link);
    if (response.status() !== 404) throw new Error(`a used link should answer 404, it answered ${response.status()}`);
    await j.expectText('This link has expired or has been used already');
    await j.expectNoText('Set password and sign in');
    await j.screenshot('link-used');

    // And her password is hers: she signs in with it.
    await j.signIn(email, 'quiet harbour lantern 42');
    await j.expectText(`Hello, ${name.split(' ')[0]}`);
  },
};
