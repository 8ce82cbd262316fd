import Foundation

/// Standard input, output and error, held open even when the caller closed them (`2>&-`).
///
/// A closed descriptor 0, 1 or 2 is the lowest free number, so the next file ToneCoach opens
/// (a recording, `serve`'s summaries file) would take it, and warnings or output meant for the
/// terminal would be written into that file. Each closed one is opened on /dev/null, read-only:
/// reading gives end of file, and writing still fails (EBADF), as it did on the closed
/// descriptor, so a closed standard output is still reported and never silently discarded.
enum StandardDescriptors {
    static func holdOpen() {
        for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }
}
