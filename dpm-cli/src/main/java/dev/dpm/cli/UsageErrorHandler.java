package dev.dpm.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command line picocli cannot parse (unknown option, missing or extra argument, a value of the
 * wrong type) as one line on stderr naming the problem and the command's {@code --help}, with
 * {@link ExitCodes#USAGE}; the full usage text is what {@code --help} is for.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        StringBuilder line = new StringBuilder("dpm: ").append(ex.getMessage().strip());
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
            }
        }
        line.append(" (see `").append(cli.getCommandSpec().qualifiedName()).append(" --help`)");
        cli.getErr().println(line.toString().replace('\n', ' '));
        cli.getErr().flush();
        return ExitCodes.USAGE;
    }
}
