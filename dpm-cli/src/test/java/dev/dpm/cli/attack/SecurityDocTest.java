package dev.dpm.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/SECURITY.md true: every {@code Class#method} the attack table names is a test that runs
 * (annotated {@code @Test}, not {@code @Disabled}), every attack test is named in the table, and every
 * disabled attack test is listed under "Not covered" with its owner.
 */
class SecurityDocTest {
    private static final Pattern REF = Pattern.compile("`([A-Z][A-Za-z]+(?:IT|Test))#([a-zA-Z0-9_]+)`");
    private static final List<Class<?>> ATTACK_CLASSES = List.of(StorageAttacksIT.class, RpcAttacksIT.class,
            GovernanceAttacksIT.class);

    private static String doc() throws Exception {
        return Files.readString(Path.of(System.getProperty("dpm.repo.root", ".")).resolve("docs/SECURITY.md"));
    }

    private static String section(String doc, String heading) {
        int start = doc.indexOf("\n## " + heading);
        assertThat(start).as("section " + heading).isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    private static Set<String> refs(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + "#" + m.group(2));
        }
        return out;
    }

    private static Method method(String ref) throws ClassNotFoundException {
        String cls = ref.substring(0, ref.indexOf('#'));
        String name = ref.substring(ref.indexOf('#') + 1);
        Class<?> c = null;
        for (String pkg : List.of("dev.dpm.cli.attack.", "dev.dpm.cli.doctor.")) {
            try {
                c = Class.forName(pkg + cls);
                break;
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        if (c == null) {
            throw new ClassNotFoundException(cls + " (named in docs/SECURITY.md) is not a test class of dpm-cli");
        }
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(ref + " is named in docs/SECURITY.md but " + cls + " has no such method");
    }

    @Test
    void everyTestTheAttackTableNamesExistsAndRuns() throws Exception {
        Set<String> table = refs(section(doc(), "Attacks and the tests that try them"));
        assertThat(table).hasSizeGreaterThanOrEqualTo(19);
        for (String ref : table) {
            Method m = method(ref);
            assertThat(m.isAnnotationPresent(Test.class)).as(ref + " is a @Test").isTrue();
            assertThat(m.isAnnotationPresent(Disabled.class)).as(ref + " runs (is not @Disabled)").isFalse();
        }
    }

    @Test
    void everyAttackTestIsInTheDoc() throws Exception {
        String doc = doc();
        Set<String> table = refs(section(doc, "Attacks and the tests that try them"));
        Set<String> notCovered = refs(section(doc, "Not covered"));
        List<String> missing = new ArrayList<>();
        for (Class<?> c : ATTACK_CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(Test.class)) {
                    continue;
                }
                String ref = c.getSimpleName() + "#" + m.getName();
                boolean disabled = m.isAnnotationPresent(Disabled.class);
                if (disabled ? !notCovered.contains(ref) : !table.contains(ref)) {
                    missing.add(ref + (disabled ? " (disabled: list it under Not covered)" : " (add a table row)"));
                }
            }
        }
        assertThat(missing).as("attack tests docs/SECURITY.md does not mention").isEmpty();
    }

    @Test
    void everyDisabledTestNamedUnderNotCoveredExists() throws Exception {
        for (String ref : refs(section(doc(), "Not covered"))) {
            Method m = method(ref);
            assertThat(m.isAnnotationPresent(Test.class)).as(ref).isTrue();
        }
    }
}
