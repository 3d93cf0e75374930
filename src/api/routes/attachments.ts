import {
  MAX_ATTACHMENT_BYTES,
  downloadAttachmentRoute,
  uploadAttachmentRoute,
} from '../../contracts/attachments.js';
import {
  downloadAttachment,
  uploadAttachment,
} from '../../domain/attachments/manage-attachments.js';
import { AppError, invalid } from '../../domain/errors.js';
import { REPLY_SENT, type RouteRegistrar } from '../register-route.js';

export function registerAttachmentRoutes(route: RouteRegistrar): void {
  route(uploadAttachmentRoute, async ({ params }, context, request) => {
    if (!request.isMultipart()) {
      throw invalid('Expected a multipart/form-data body with a file part named `file`');
    }
    let content: Buffer | null = null;
    try {
      for await (const part of request.parts({
        limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 },
      })) {
        if (part.type === 'file' && part.fieldname === 'file') {
          content = await part.toBuffer();
          if (part.file.truncated) {
            throw new AppError(
              'payload_too_large',
              `Attachment larger than ${MAX_ATTACHMENT_BYTES} bytes`,
            );
          }
        } else if (part.type === 'file') {
          await part.toBuffer();
        }
      }
    } catch (error) {
      throw multipartError(error);
    }
    if (content === null) {
      throw invalid('Missing file part `file`');
    }
    return uploadAttachment(
      context,
      { project: params.project },
      params.comment_id,
      params.index,
      content,
    );
  });
  route(downloadAttachmentRoute, async ({ params }, context, _request, reply) => {
    const download = await downloadAttachment(context, params.reference);
    const filename = download.name.replace(/["\\\r\n]/g, '_');
    await reply
      .type(download.contentType)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(download.content);
    return REPLY_SENT;
  });
}

/**
 * Busboy reports a truncated body or a missing boundary as a plain Error, which would surface as a 500;
 * a body the client got wrong is a 400 (api.md §3.5). Errors that already carry a 4xx status (file or
 * part limits from @fastify/multipart) keep it.
 */
function multipartError(error: unknown): unknown {
  if (error instanceof AppError) {
    return error;
  }
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return invalid(`Malformed multipart body: ${message}`);
}
