import Coaching
import Core
import Foundation
import FuzzDriver

/// libFuzzer: the input is a coaching profile (`--profile FILE`). It either loads, and
/// then every cue text is one a live display can show, or it is refused with a reason.
@main
enum ProfileFuzzer {
    static func main() {
        FuzzDriver.run { data, size in profileFuzzer(data, size) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func profileFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Data(bytes: data!, count: size) : Data()
    do {
        let profile = try CoachingProfile.parse(bytes, source: "fuzz.json")
        for language in CoachingProfile.languages {
            for kind in CueKind.allCases {
                let text = profile.message(kind, language: language)
                precondition(!text.isEmpty && text.count <= CoachingProfile.maximumTextLength, "cue text \(text)")
                precondition(!text.unicodeScalars.contains { $0.properties.generalCategory == .control }, "control")
            }
        }
    } catch {
        precondition(!error.description.isEmpty, "an empty refusal")
    }
    return 0
}
