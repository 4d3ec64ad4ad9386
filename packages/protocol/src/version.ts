/**
 * Version of the wire contract. A client sends it in the Socket.IO handshake
 * (`auth.protocol`); a server that speaks another version refuses the
 * connection with `incompatible_protocol` instead of failing in odd ways later.
 * Bump it on any change an older peer could misread.
 */
export const PROTOCOL_VERSION = 1;
