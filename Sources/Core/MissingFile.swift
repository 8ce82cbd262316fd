import Glibc

/// Why a file given by name is not there, in words that help when the name itself is the
/// problem.
///
/// Swift hands a program its arguments as text, and bytes that are not UTF-8 (a Latin-1
/// `café.wav` copied from an old share) arrive replaced by U+FFFD, so such a file cannot be
/// opened by the name it was given. Saying only "no such file" about a file the user can see
/// would mislead.
///
/// A name that is there but leads nowhere is said as such: a symbolic link to a file that is
/// gone, or a loop of links.
public enum MissingFile {
    public static func reason(path: String) -> String {
        var link = stat()
        if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
            var target = stat()
            if stat(path, &target) != 0 {
                switch errno {
                case ELOOP: return "a loop of symbolic links"
                case ENOENT: return "a symbolic link to a file that does not exist"
                default: return "a symbolic link whose file cannot be reached (\(String(cString: strerror(errno)).lowercased()))"
                }
            }
        }
        guard path.contains("\u{FFFD}") else { return "no such file" }
        return "no such file; if its name is not UTF-8 text (it shows as \u{FFFD}), ToneCoach "
            + "cannot open it by that name: rename it to UTF-8 (for example with convmv)"
    }
}
