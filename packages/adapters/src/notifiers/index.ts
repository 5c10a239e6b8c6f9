/** Alert channels: signed webhooks and e-mail over SMTP. */
export * from './webhook.js'
export * from './email.js'
