/** A new-format packet (RFC 4880 §4.2.2) whose body is `parts`, in order (packet-write.mjs). */
export function packet(tag: number, ...parts: Uint8Array[]): Buffer;
/** A new-format length (RFC 4880 §4.2.2, §5.2.3.1). */
export function length(n: number): Uint8Array;
export function uint16(n: number): Uint8Array;
export function uint32(n: number): Uint8Array;
