package dev.dpm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/** One in-process run of a dpm command line with its output captured: what the CLI tests look at. */
public record CapturedRun(int code, String out, String err) {
    /** Runs {@code args} on the real command line ({@link Main#commandLine()}). */
    public static CapturedRun of(String... args) {
        return of(Main.commandLine(), args);
    }

    /** Runs {@code dpm ARGS --home HOME} ({@code --home} belongs to the leaf command, a mixin: appended last). */
    public static CapturedRun inHome(Path home, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return of(all);
    }

    /** Runs {@code args} on {@code cli}, its standard output and error replaced by buffers. */
    public static CapturedRun of(CommandLine cli, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int code = cli.execute(args);
        return new CapturedRun(code, o.toString(), e.toString());
    }
}
