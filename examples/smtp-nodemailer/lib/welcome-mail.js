'use strict';

/** Sends the welcome mail through whatever nodemailer transporter it is given. */
async function sendWelcome(transporter, user) {
  return transporter.sendMail({
    from: 'hello@shop.example.com',
    to: user.email,
    subject: `Welcome, ${user.name}`,
    text: `Hello ${user.name}, your account is ready.`,
  });
}

module.exports = { sendWelcome };
