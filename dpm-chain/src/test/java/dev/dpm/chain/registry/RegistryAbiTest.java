package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Hash;

/**
 * The hand-written binding against the ABI solc produced (the oracle): every function selector and
 * event topic the binding uses must exist in the bundled build output.
 */
class RegistryAbiTest {
    static final JsonNode ABI = RegistryArtifact.bundled().json().get("abi");

    static Set<String> signatures(String type) {
        Set<String> out = new HashSet<>();
        for (JsonNode e : ABI) {
            if (type.equals(e.path("type").asText())) {
                List<String> types = new ArrayList<>();
                e.get("inputs").forEach(i -> types.add(i.get("type").asText()));
                out.add(e.get("name").asText() + "(" + String.join(",", types) + ")");
            }
        }
        return out;
    }

    @Test
    void everyFunctionOfTheBindingIsInTheCompiledAbi() throws Exception {
        Set<String> selectors = new HashSet<>();
        for (String sig : signatures("function")) {
            selectors.add(Hash.sha3String(sig).substring(0, 10));
        }
        int checked = 0;
        for (Method m : RegistryAbi.class.getDeclaredMethods()) {
            if (m.getReturnType() != Function.class || !Modifier.isStatic(m.getModifiers()) || m.getName().equals("fn")) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = sample(types[i]);
            }
            m.setAccessible(true);
            Function f = (Function) m.invoke(null, args);
            String selector = RegistryAbi.encode(f).substring(0, 10);
            assertThat(selectors).as(m.getName()).contains(selector);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(25);
    }

    @Test
    void everyEventOfTheBindingIsInTheCompiledAbi() {
        Set<String> topics = new HashSet<>();
        for (String sig : signatures("event")) {
            topics.add(Hash.sha3String(sig));
        }
        for (Event e : RegistryAbi.EVENTS) {
            assertThat(topics).as(e.getName()).contains(RegistryAbi.topic0(e));
        }
        assertThat(RegistryAbi.EVENTS).hasSize(topics.size());
    }

    @Test
    void proposalKindsMatchTheContractConstants() {
        assertThat(RegistryArtifact.bundled().json().toString()).contains("YANK_PUBLISHER");
        for (ProposalKind k : ProposalKind.values()) {
            assertThat(signatures("function")).contains(k.name() + "()");
        }
    }

    private static Object sample(Class<?> t) {
        if (t == String.class) {
            return "0x0000000000000000000000000000000000000001";
        }
        if (t == long.class) {
            return 1L;
        }
        if (t == int.class) {
            return 1;
        }
        if (t == byte[].class) {
            return new byte[] {1};
        }
        if (t == BigInteger.class) {
            return BigInteger.ONE;
        }
        if (t == List.class) {
            return List.of();
        }
        if (t == ProposalKind.class) {
            return ProposalKind.ADD_ADMIN;
        }
        throw new IllegalArgumentException("no sample for " + t);
    }
}
