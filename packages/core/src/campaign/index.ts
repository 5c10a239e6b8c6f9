/** Campaigns (Converse): the model, attachment rules, participation, theme grouping, agreement metrics, CSV. */
export * from './model.js'
export * from './attach.js'
export * from './participation.js'
export * from './themes.js'
export * from './metrics.js'
export * from './csv.js'
export * from './view.js'
export * from './digest.js'
