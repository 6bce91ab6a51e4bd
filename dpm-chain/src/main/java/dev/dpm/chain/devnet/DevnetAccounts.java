package dev.dpm.chain.devnet;

import java.util.List;

/**
 * anvil's well-known development accounts (mnemonic "test test ... junk"), public knowledge: fit for a
 * local devnet only, never for a real network. The devnet makes accounts 0-2 its admins and account 3
 * its publisher, and writes them as keystore files encrypted with {@link #PASSWORD}.
 */
public final class DevnetAccounts {
    /** Password of the devnet keystore files. Devnet only: these keys are public. */
    public static final String PASSWORD = "dpm-devnet";

    /** Private keys of anvil's accounts 0..5. */
    public static final List<String> PRIVATE_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

    /** Addresses of anvil's accounts 0..5, lower-case. */
    public static final List<String> ADDRESSES = List.of(
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
            "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
            "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
            "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
            "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");

    /** The devnet admins (accounts 0, 1, 2). */
    public static final List<String> ADMINS = ADDRESSES.subList(0, 3);
    /** The devnet publisher (account 3). */
    public static final String PUBLISHER = ADDRESSES.get(3);

    private DevnetAccounts() {
    }
}
