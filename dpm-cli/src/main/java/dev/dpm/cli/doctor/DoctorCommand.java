package dev.dpm.cli.doctor;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.config.DpmConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dpm doctor}: says how exposed the configuration is (see {@link Doctor} for the rules) and what
 * to change. Exit code 0 when nothing is dangerous, {@link #DANGEROUS} when at least one finding is
 * (so a script or CI job can refuse to run with such a configuration); warnings alone exit 0.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check how exposed the configuration is to lying or stale RPC endpoints, malicious peers and "
                + "key theft, and say what to change. Exit code 13 when something is dangerous.")
public final class DoctorCommand implements Callable<Integer> {
    /** Exit code when at least one finding is dangerous. */
    public static final int DANGEROUS = 13;

    @Mixin
    CliContext ctx;
    @Spec
    CommandSpec spec;

    /** Registers {@code dpm doctor}. */
    public static void register(CommandLine cli) {
        cli.addSubcommand(new DoctorCommand());
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DpmConfig c = ctx.config();
        List<Finding> findings = Doctor.examine(c, ctx.home(), ctx.keystoreDir());
        out.println("dpm doctor: " + DpmConfig.file(ctx.home()));
        int danger = 0;
        int warn = 0;
        for (Finding f : findings) {
            String tag = switch (f.severity()) {
                case DANGER -> "DANGER";
                case WARN -> "warn  ";
                case OK -> "ok    ";
            };
            out.println(tag + "  " + f.area() + ": " + f.problem());
            if (!f.fix().isEmpty()) {
                out.println("        fix: " + f.fix());
            }
            danger += f.severity() == Finding.Severity.DANGER ? 1 : 0;
            warn += f.severity() == Finding.Severity.WARN ? 1 : 0;
        }
        out.println(String.format(Locale.ROOT, "%d dangerous, %d warnings (see docs/SECURITY.md)", danger, warn));
        out.flush();
        return danger > 0 ? DANGEROUS : 0;
    }
}
