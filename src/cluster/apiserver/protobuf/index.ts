// Protobuf request bodies (kubectl 1.32 typed clients). See decode.ts.
export { decodeProtobufObject, unsupportedMediaType, type DecodeOptions } from './decode';
export { KINDS as PROTOBUF_KINDS } from './messages';
