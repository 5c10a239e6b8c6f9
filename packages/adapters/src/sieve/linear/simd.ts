/**
 * A tiny hand-assembled WebAssembly SIMD kernel for fused inference: for each feature it adds one row of Int8
 * weights (padded to a multiple of 16 classes) into Int32 accumulators, 16 classes per vector step. No build
 * tool and no download: the module bytes are written out below, opcode by opcode, with the WAT beside them.
 *
 * (func (export "sum") (param $w $f $n $mask $kp $acc i32)   ;; locals: $i $o $c $a i32, $v v128
 *   block loop                                ;; for i < n
 *     $o = $w + ((load32($f + 4i)) & $mask) * $kp ; $c = 0 ; $a = $acc
 *     loop                                    ;; for c < kp step 16
 *       $v = v128.load($o + $c)
 *       store($a+0,  load($a+0)  + i32x4.extend_low (i16x8.extend_low  $v))
 *       store($a+16, load($a+16) + i32x4.extend_high(i16x8.extend_low  $v))
 *       store($a+32, load($a+32) + i32x4.extend_low (i16x8.extend_high $v))
 *       store($a+48, load($a+48) + i32x4.extend_high(i16x8.extend_high $v))
 *       $a += 64 ; $c += 16
 *     $i += 1
 */

function part(offset: number, hiByte: boolean, hiWord: boolean): number[] {
  // prettier-ignore
  return [
    0x20, 0x09, // local.get $a (store address)
    0x20, 0x09, // local.get $a
    0xfd, 0x00, 0x00, offset, // v128.load offset
    0x20, 0x0a, // local.get $v
    0xfd, hiByte ? 0x88 : 0x87, 0x01, // i16x8.extend_{low,high}_i8x16_s
    0xfd, hiWord ? 0xa8 : 0xa7, 0x01, // i32x4.extend_{low,high}_i16x8_s
    0xfd, 0xae, 0x01, // i32x4.add
    0xfd, 0x0b, 0x00, offset, // v128.store offset
  ]
}

function moduleBytes(): Uint8Array {
  // prettier-ignore
  const body = [
    0x02, 0x04, 0x7f, 0x01, 0x7b, // locals: 4 × i32, 1 × v128
    0x02, 0x40, // block
    0x03, 0x40, // loop $feat
    0x20, 0x06, 0x20, 0x02, 0x4f, 0x0d, 0x01, // if i >= n: br $done
    0x20, 0x00, // $w
    0x20, 0x01, 0x20, 0x06, 0x41, 0x02, 0x74, 0x6a, 0x28, 0x02, 0x00, // load32($f + i<<2)
    0x20, 0x03, 0x71, // & mask
    0x20, 0x04, 0x6c, // * kp
    0x6a, 0x21, 0x07, // $o = $w + …
    0x41, 0x00, 0x21, 0x08, // $c = 0
    0x20, 0x05, 0x21, 0x09, // $a = $acc
    0x03, 0x40, // loop $chunk
    0x20, 0x07, 0x20, 0x08, 0x6a, 0xfd, 0x00, 0x00, 0x00, 0x21, 0x0a, // $v = v128.load($o + $c)
    ...part(0x00, false, false),
    ...part(0x10, false, true),
    ...part(0x20, true, false),
    ...part(0x30, true, true),
    0x20, 0x09, 0x41, 0xc0, 0x00, 0x6a, 0x21, 0x09, // $a += 64
    0x20, 0x08, 0x41, 0x10, 0x6a, 0x22, 0x08, // $c += 16 (tee)
    0x20, 0x04, 0x49, 0x0d, 0x00, // if c < kp: br $chunk
    0x0b, // end chunk loop
    0x20, 0x06, 0x41, 0x01, 0x6a, 0x21, 0x06, // $i += 1
    0x0c, 0x00, // br $feat
    0x0b, // end loop
    0x0b, // end block
    0x0b, // end func
  ]
  const leb = (n: number): number[] => {
    const out: number[] = []
    do {
      let b = n & 0x7f
      n >>>= 7
      if (n) b |= 0x80
      out.push(b)
    } while (n)
    return out
  }
  const section = (id: number, content: number[]): number[] => [
    id,
    ...leb(content.length),
    ...content,
  ]
  const code = [0x01, ...leb(body.length), ...body]
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x06, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]), // type: (6 × i32) → ()
    ...section(2, [0x01, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01]), // import "m" "mem" memory min 1
    ...section(3, [0x01, 0x00]), // one function of type 0
    ...section(7, [0x01, 0x03, 0x73, 0x75, 0x6d, 0x00, 0x00]), // export "sum"
    ...section(10, code),
  ])
}

/** The SIMD row-sum kernel bound to a memory: `sum(wOff, idxOff, n, mask, kp, accOff)`. */
export type SumKernel = (
  wOff: number,
  idxOff: number,
  n: number,
  mask: number,
  kp: number,
  accOff: number,
) => void

/** The little of the WebAssembly API used here (the project's TypeScript lib has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (
    m: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> }
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly

let compiled: object | null | undefined

/** A WebAssembly memory of `bytes` (rounded up to 64 KiB pages) with the SIMD kernel over it, or undefined without SIMD. */
export function simdKernel(bytes: number): { memory: WasmMemory; sum: SumKernel } | undefined {
  if (!WA) return undefined
  if (compiled === undefined) {
    try {
      compiled = new WA.Module(moduleBytes())
    } catch {
      compiled = null
    }
  }
  if (!compiled) return undefined
  const memory = new WA.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) })
  const inst = new WA.Instance(compiled, { m: { mem: memory } })
  return { memory, sum: inst.exports['sum'] as SumKernel }
}
