import Foundation

/// A file ToneCoach writes on request (`report -o`, `live --report`), written the way a user
/// expects whatever is at the path:
///
/// - a regular file, or nothing yet: written beside it and renamed over it, so a failed write
///   never leaves half a report where a good one was;
/// - a symbolic link: the file it points to is written (the link stays a link);
/// - a device, FIFO or `/dev/stdout`: written through, never replaced;
/// - a folder, a missing folder, or one of the inputs: refused with a plain reason.
struct OutputFile {
    /// The path as the user gave it.
    let path: String
    /// The path written: `path` with symbolic links followed.
    let resolvedPath: String
    /// What is at the resolved path now.
    let kind: Kind

    enum Kind: Equatable {
        case newFile, regularFile, special
        /// An open descriptor of this process: `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`.
        case descriptor(Int32)
    }

    /// Checks that `path` can take the output without destroying anything the user needs:
    /// never one of `inputs`, never a folder. Call it before long work, so that a bad path is
    /// reported at once, not after the analysis.
    init(path: String, inputs: [String] = []) throws(OutputFileError) {
        guard !path.isEmpty else { throw .emptyPath }
        self.path = path
        if let fd = Self.descriptor(path) {
            // Written into the descriptor the shell opened, with its offset and append mode.
            resolvedPath = path
            kind = .descriptor(fd)
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw .cannotWrite(path: path, reason: "it is not open") }
            return
        }
        resolvedPath = try Self.followLinks(path)
        var target = stat()
        if stat(resolvedPath, &target) == 0 {
            switch target.st_mode & S_IFMT {
            case S_IFDIR: throw .isFolder(path: path)
            case S_IFREG: kind = .regularFile
            default: kind = .special
            }
            for input in inputs {
                var other = stat()
                if stat(input, &other) == 0, other.st_dev == target.st_dev, other.st_ino == target.st_ino {
                    throw .isInput(path: path, input: input)
                }
            }
        } else {
            guard errno == ENOENT else { throw .cannotWrite(path: path, reason: Self.explain(errno)) }
            let folder = Self.folder(of: resolvedPath)
            var parent = stat()
            guard stat(folder, &parent) == 0 else { throw .noSuchFolder(path: path, folder: folder) }
            guard parent.st_mode & S_IFMT == S_IFDIR else { throw .noSuchFolder(path: path, folder: folder) }
            kind = .newFile
        }
        if kind == .newFile || kind == .regularFile { try Self.checkFolderTakesFiles(of: path, resolved: resolvedPath) }
    }

    /// A regular file is written beside itself and renamed over: its folder must take a new
    /// file. Tried now (an empty temporary file, removed at once), so that a read-only disk or
    /// folder is reported before a call or an analysis, not after it.
    private static func checkFolderTakesFiles(of path: String, resolved: String) throws(OutputFileError) {
        let (fd, temporary) = try temporaryFile(in: Self.folder(of: resolved), for: path)
        close(fd)
        unlink(temporary)
    }

    /// An empty private file named `.tonecoach-XXXXXX` in `folder`, open for writing: its
    /// descriptor and path. The error names `path`, the file the user asked for.
    private static func temporaryFile(in folder: String, for path: String) throws(OutputFileError) -> (fd: Int32, path: String) {
        var template = Array((folder + "/.tonecoach-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let code = errno
            guard code == ENOENT else { throw .cannotWrite(path: path, reason: Self.explain(code)) }
            // The folder went away (removed during a long session), or it exists but its files
            // are made by the system (/proc, /sys).
            var status = stat()
            guard stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                throw .noSuchFolder(path: path, folder: folder)
            }
            throw .cannotWrite(path: path, reason: "its folder \(folder) does not take new files")
        }
        return (fd, String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The process's file mode mask, read from /proc/self/status: setting it to learn it
    /// (umask(0), then back) would let a file another thread creates meanwhile escape it.
    /// Falls back to that only where /proc does not say (kernels before 4.7).
    static let processUmask: mode_t = {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        {
            return mask
        }
        let mask = umask(0)
        umask(mask)
        return mask
    }()

    /// Writes `bytes`: through a temporary file and a rename for a regular file, straight into
    /// anything else. Reports the OS's reason (a full disk, a read-only folder) in plain words.
    func write(_ bytes: [UInt8]) throws(OutputFileError) {
        switch kind {
        case .descriptor(let fd):
            try writeAll(bytes, to: fd)
        case .special:
            let fd = open(resolvedPath, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .cannotWrite(path: path, reason: Self.explain(errno)) }
            defer { close(fd) }
            try writeAll(bytes, to: fd)
        case .newFile, .regularFile:
            let (fd, temporary) = try Self.temporaryFile(in: Self.folder(of: resolvedPath), for: path)
            var closed = false
            do throws(OutputFileError) {
                // mkstemp makes the file private; a report is as readable as any file the user makes.
                fchmod(fd, 0o666 & ~Self.processUmask)
                try writeAll(bytes, to: fd)
                guard fsync(fd) == 0 else { throw .cannotWrite(path: path, reason: Self.explain(errno)) }
                // Closed once, whatever close says: a second close could hit a descriptor another
                // thread has opened since.
                closed = true
                guard close(fd) == 0 else { throw .cannotWrite(path: path, reason: Self.explain(errno)) }
            } catch {
                if !closed { close(fd) }
                unlink(temporary)
                throw error
            }
            guard rename(temporary, resolvedPath) == 0 else {
                let reason = Self.explain(errno)
                unlink(temporary)
                throw .cannotWrite(path: path, reason: reason)
            }
        }
    }

    private func writeAll(_ bytes: [UInt8], to fd: Int32) throws(OutputFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: Self.explain(errno))
            }
            offset += written
        }
    }

    /// The descriptor a path names: `/dev/stdout` and `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`.
    static func descriptor(_ path: String) -> Int32? {
        switch path {
        case "-", "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// `path` with every symbolic link followed, including a final link to a file that does not
    /// exist yet (the file is created where the link points).
    static func followLinks(_ path: String) throws(OutputFileError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/") ? destination : folder(of: current) + "/" + destination
        }
        throw .cannotWrite(path: path, reason: "too many symbolic links")
    }

    /// The folder holding `path` ("." for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The OS's reason for a failed write, as a user would say it.
    static func explain(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "no space left on the disk"
        case EDQUOT: return "disk quota exceeded"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the disk is read-only"
        case EIO: return "input/output error on the disk"
        case ENOTDIR: return "a part of the path is not a folder"
        case ENAMETOOLONG: return "the name is too long"
        case ELOOP: return "too many symbolic links"
        case EFBIG: return "the file would be too large"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}

/// Why an output file cannot be written; each case names the path as the user gave it.
enum OutputFileError: Error, Equatable, CustomStringConvertible {
    case emptyPath
    case isFolder(path: String)
    case noSuchFolder(path: String, folder: String)
    case isInput(path: String, input: String)
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .emptyPath: return "the output path is empty"
        case .isFolder(let path): return "cannot write \(path): it is a folder; name a file, e.g. \(path)/report.html"
        case .noSuchFolder(let path, let folder):
            return "cannot write \(path): the folder \(folder) does not exist"
        case .isInput(let path, let input):
            return "refusing to write \(path): it is the input \(input) (choose another output file)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
