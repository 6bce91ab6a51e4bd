package dev.dpm.core.pm;

/**
 * One package matching a search.
 *
 * @param name        package name
 * @param version     its newest release that is not yanked (or the newest, if all are yanked)
 * @param description the description of that release
 * @param allYanked   whether every release is yanked
 * @param installed   the installed version, or null
 */
public record SearchHit(String name, String version, String description, boolean allYanked, String installed) {
}
