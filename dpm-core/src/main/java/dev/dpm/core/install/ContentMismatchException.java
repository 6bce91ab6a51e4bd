package dev.dpm.core.install;

/**
 * A file's content did not match its manifest entry while being staged; nothing was installed.
 */
public final class ContentMismatchException extends TransactionException {
    private final String packageName;
    private final String path;

    public ContentMismatchException(String packageName, String path, String what) {
        super(packageName + ": " + path + ": " + what + " (content does not match the manifest; nothing installed)");
        this.packageName = packageName;
        this.path = path;
    }

    public String packageName() {
        return packageName;
    }

    public String path() {
        return path;
    }
}
