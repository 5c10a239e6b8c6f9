/**
 * Open311 GeoReport v2 types, with the spec's field names: what the server publishes and what the
 * client reads back from other endpoints. Times are epoch milliseconds inside; on the wire they are
 * ISO 8601 with an offset.
 */

/** A service in `GET services`. */
export interface Open311Service {
  service_code: string
  service_name: string
  description: string
  /** True when the service has a definition with attributes (`GET services/{code}`). */
  metadata: boolean
  type: 'realtime' | 'batch' | 'blackbox'
  /** Comma-separated keywords. */
  keywords: string
  group: string
  /** Attributes of the service definition (only when `metadata` is true). */
  attributes?: Open311Attribute[]
}

/** One attribute of a service definition. */
export interface Open311Attribute {
  variable: boolean
  code: string
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist'
  required: boolean
  datatype_description: string
  order: number
  description: string
  values?: { key: string; name: string }[]
}

/** Request status per the spec. */
export type Open311Status = 'open' | 'closed'

/** A service request as stored and served. */
export interface Open311Request {
  service_request_id: string
  status: Open311Status
  status_notes: string | null
  service_name: string | null
  service_code: string
  description: string | null
  agency_responsible: string | null
  service_notice: string | null
  requested_datetime: number
  updated_datetime: number | null
  expected_datetime: number | null
  address: string | null
  address_id: string | null
  zipcode: string | null
  lat: number | null
  long: number | null
  media_url: string | null
}

/** The fields of `POST requests`. */
export interface Open311NewRequest {
  service_code: string
  lat: number | null
  long: number | null
  address_string: string | null
  address_id: string | null
  email: string | null
  device_id: string | null
  account_id: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
  description: string | null
  media_url: string | null
  /** `attribute[CODE]=value` fields; multivaluelist values come as arrays. */
  attributes: Record<string, string | string[]>
}

/** What `POST requests` answers: an id at once, or a token to resolve later. */
export interface Open311Created {
  service_request_id?: string
  token?: string
  service_notice?: string | null
  account_id?: string | null
}

/** Filters of `GET requests`, already defaulted (90-day window, 1000 cap). */
export interface Open311RequestFilter {
  ids?: string[]
  serviceCodes?: string[]
  statuses?: Open311Status[]
  start?: number
  end?: number
  limit: number
}

/** Where the Open311 server keeps and finds service requests (the lead maps it onto cases). */
export interface Open311RequestStore {
  create(
    input: Open311NewRequest,
    ctx: { apiKey: string; service: Open311Service; now: number },
  ): Promise<Open311Created>
  get(id: string): Promise<Open311Request | undefined>
  /** Requests matching the filter, newest `requested_datetime` first, at most `limit`. */
  list(filter: Open311RequestFilter): Promise<Open311Request[]>
  /** Resolves a token from `POST requests`; `service_request_id` is null while not yet assigned. */
  token(token: string): Promise<{ token: string; service_request_id: string | null } | undefined>
}
