'use strict';
const assert = require('node:assert');
const nodemailer = require('nodemailer');
const sinon = require('sinon');
const { sendWelcome } = require('../lib/welcome-mail');

describe('welcome mail [small]', () => {
  it('builds the message (stream transport)', async () => {
    // streamTransport renders the full RFC 822 message and stops there.
    const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

    const info = await sendWelcome(transporter, { name: 'Ada', email: 'ada@example.com' });

    const raw = info.message.toString();
    assert.match(raw, /^Subject: Welcome, Ada$/m);
    assert.match(raw, /^To: ada@example.com$/m);
  });

  it('addresses the user (JSON transport)', async () => {
    const transporter = nodemailer.createTransport({ jsonTransport: true });

    const info = await sendWelcome(transporter, { name: 'Grace', email: 'grace@example.com' });

    assert.deepStrictEqual(JSON.parse(info.message).to, [{ address: 'grace@example.com', name: '' }]);
  });

  it('sends exactly one mail (a stubbed SMTP transporter)', async () => {
    // A real SMTP transporter, never allowed to connect: sendMail is replaced.
    const transporter = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });
    const sendMail = sinon.stub(transporter, 'sendMail').resolves({ messageId: '<1@shop>' });

    await sendWelcome(transporter, { name: 'Ada', email: 'ada@example.com' });

    sinon.assert.calledOnce(sendMail);
    assert.strictEqual(sendMail.firstCall.args[0].to, 'ada@example.com');
  });
});
