"""The size limit of the files applicants and partners upload; their kinds are core's
`uploads.GRANT_ATTACHMENTS`."""

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
