/** Reports (campaign report, weekly digest) as accessible HTML and PDF, and campaign exports. */
export * from './campaign-report.js'
export * from './digest-report.js'
export * from './pdf.js'
export * from './exports.js'
export { esc as escapeHtml } from './html.js'
export * from './digest-document.js'
export * from './digest-mail.js'
