import Foundation
import FuzzSupport

// Built two ways from this one file (see docs/fuzzing.md):
// - `scripts/fuzz` builds with `-sanitize=fuzzer -sanitize=address -DFUZZING`: libFuzzer supplies `main` and calls
//   `LLVMFuzzerTestOneInput` for every input it generates.
// - a plain `swift build` has no libFuzzer to link, so the target gets an ordinary `main` that replays saved inputs
//   through the same function: `fuzz-gs1 Fuzz/Corpus/fuzz-gs1 Fuzz/Regressions/fuzz-gs1`.

#if FUZZING
/// Called by libFuzzer once before the first input: loads the product list outside any input, so that its one-time
/// allocation is not mistaken for a leak of the first input (libFuzzer checks for leaks input by input).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzGS1Initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = SiteProducts.byDigits
    return 0
}

/// libFuzzer's entry point: one input, any bytes. Errors are normal outcomes; only crashes, hangs and leaks are findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGS1(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = GS1FuzzTarget.run(Data(bytes: data, count: size))
    return 0
}
#else
/// The replay runner used when the target is built without libFuzzer.
@main
enum FuzzGS1Replay {
    static func main() {
        exit(CorpusReplay.run(target: "fuzz-gs1", arguments: Array(CommandLine.arguments.dropFirst()), body: GS1FuzzTarget.run))
    }
}
#endif
