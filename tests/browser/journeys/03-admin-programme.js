// An administrator sets up a new programme, imports people from the HR export
// (and sees which lines were refused), enrols one of them, then qualifies a
// mentor, runs the matching, pins a pair and publishes in Leadership Depth 2026.
//
// It changes the demo's programme for good (an application decided, a matching
// published), so it runs once, at desktop size, and checks and photographs each
// step at phone size too.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = {
  name: 'admin-programme',
  viewports: ['desktop'],
  phoneToo: true,
  async run(j) {
    const page = j.page;
    // Unique per run, so the journey also works again against the same server.
    const tag = String(Date.now() % 1000000);
    const programme = `Finance Bench ${tag}`;

    await j.signIn('admin@demo.mentorhub.test');
    await j.expectText('Programmes');

    // 1. A new programme, through the form.
    await j.follow('Programmes', page.getByRole('navigation', { name: 'Main' }));
    await j.follow('New programme');
    await j.expectHeading('New programme');
    await page.getByLabel('Name', { exact: true }).fill(programme);
    await page.getByLabel('Description', { exact: true }).fill('A bench of future finance leaders, paired with senior mentors outside Finance.');
    await page.getByLabel('Objective', { exact: true }).selectOption({ label: 'Skill development' });
    await page.getByLabel('Focus skills', { exact: true }).fill('strategic decisions, developing talent');
    await page.getByLabel('Business functions most at risk', { exact: true }).fill('Finance');
    await page.getByLabel('Mode', { exact: true }).selectOption({ label: 'Admin matches: the administrator pairs people' });
    await page.getByLabel('Status', { exact: true }).selectOption('open');
    await j.screenshot('new-programme');
    await j.submit('Save programme');
    await j.expectHeading(programme);
    await j.expectText('strategic decisions, developing talent');
    await j.expectText('Nobody has enrolled yet');
    const programmeUrl = j.path();
    await j.screenshot('programme-created');

    // 2. People from the HR export: a file with one good line and two bad ones.
    const csv = [
      'employee_id,name,email,title,manager_employee_id,location,function,career_level',
      `JB${tag}1,Ada Quinlan,ada.quinlan.${tag}@demo.mentorhub.test,Finance Analyst,MH1001,Leeds,Finance,4`,
      `JB${tag}2,Bo Rutherford,not-an-email,Finance Analyst,MH1001,Leeds,Finance,4`,
      `JB${tag}3,Cy Ostrowski,cy.ostrowski.${tag}@demo.mentorhub.test,Finance Analyst,MH1001,Leeds,Finance,42`,
    ].join('\n') + '\n';
    const file = path.join(os.tmpdir(), `mentorhub-hr-${tag}.csv`);
    fs.writeFileSync(file, csv);
    await j.follow('People', page.getByRole('navigation', { name: 'Main' }));
    await j.follow('Import from HR');
    await j.expectHeading('Import people from HR');
    await page.getByLabel('HR export (CSV file)', { exact: true }).setInputFiles(file);
    await j.submit('Import');
    await j.expectText('Nothing was imported');
    await j.expectText('2 line(s) have problems');
    const report = page.locator('table');
    await j.expectTextIn(report, 'email');
    await j.expectTextIn(report, 'career_level');
    const lines = await report.locator('tbody tr td:first-child').allInnerTexts();
    if (!lines.includes('3') || !lines.includes('4')) throw new Error(`the report should name lines 3 and 4, it names ${lines}`);
    await j.screenshot('import-refused');

    // Import the valid line only, without deactivating everyone else.
    await page.getByLabel('HR export (CSV file)', { exact: true }).setInputFiles(file);
    await page.getByLabel('Import the valid rows only (skip the lines with problems)', { exact: true }).check();
    await page.getByLabel('Only add and update (do not deactivate people missing from the file)', { exact: true }).check();
    await j.submit('Import');
    await j.expectText('Imported');
    await j.expectText('1 added');
    await j.expectText('2 line(s) skipped');
    await j.expectTextIn(page.getByRole('main'), '0 deactivated');
    await j.screenshot('import-done');
    fs.unlinkSync(file);

    // The imported person can be enrolled in the new programme.
    await j.goto(programmeUrl);
    await page.getByLabel('Enrol a mentee (email address or employee id)', { exact: true }).fill(`JB${tag}1`);
    await j.submit('Enrol as mentee');
    await j.expectText('Ada Quinlan');
    await j.expectNoText('Nobody has enrolled yet');

    // 3. A mentor application in Leadership Depth 2026, assessed and approved.
    await j.follow('Programmes', page.getByRole('navigation', { name: 'Main' }));
    await j.follow('Leadership Depth 2026');
    await j.follow('Mentor applications');
    const applied = page.locator('tbody tr', { has: page.locator('.state-applied') }).first();
    const applicant = (await applied.locator('th').innerText()).trim();
    await j.follow(applicant, applied);
    await j.expectHeading(applicant);
    await page.getByLabel('Targeted expertise (1–5)', { exact: true }).fill('4');
    await page.getByLabel('Mentoring and communication skills (1–5)', { exact: true }).fill('5');
    await page.getByLabel('Notes', { exact: true }).fill('Strong examples of growing analysts into leads.');
    await j.submit('Save assessment');
    await page.getByLabel('Approve', { exact: true }).check();
    await j.submit('Record decision');
    await j.expectText('approved');
    await j.screenshot('application-approved');
    await j.follow('Applications');
    const row = page.locator('tbody tr', { hasText: applicant });
    await j.expectTextIn(row, 'approved');
    await j.expectTextIn(row, 'expertise 4/5, communication 5/5');

    // 4. The matching: run, read why, pin a pair, run again, publish.
    await j.follow('Leadership Depth 2026', page.locator('.crumbs'));
    await j.follow('Matching', page.getByRole('navigation', { name: 'This programme' }));
    await j.expectHeading('Matching · Leadership Depth 2026');
    await j.submit(/^Run (the matching|again)$/);
    await j.expectText('Proposal of');
    await j.expectText('Matched');
    const firstPair = page.locator('tbody tr').first();
    const [mentee, mentor] = (await firstPair.locator('td').allInnerTexts()).slice(0, 2).map((t) => t.trim());
    await firstPair.getByText('By criterion').click();
    await j.expectTextIn(firstPair, 'Skills');
    await j.expectTextIn(firstPair, 'Leadership style');
    await j.screenshot('matching-proposal');
    await j.submit('Pin', firstPair);
    await j.expectText(`${mentee} → ${mentor}: pinned`);
    await j.submit('Run again');
    const pinned = page.locator('tbody tr', { hasText: mentee }).first();
    await j.expectTextIn(pinned, 'pinned');
    await j.expectTextIn(pinned, mentor);
    await j.screenshot('matching-pinned');

    // Publishing asks for a confirmation first.
    await j.submit('Publish');
    await j.expectText('Tick the box to confirm: publishing tells every mentor');
    await page.getByLabel(/I have reviewed these \d+ pairs/).check();
    await j.submit('Publish');
    await j.expectText('Published');
    await j.screenshot('matching-published');
  },
};
