# Sourced by hello-dpm: greeting NAME prints the greeting.
greeting() {
  printf 'Hello, %s! (installed by dpm from a registry on chain and blocks verified by CID)\n' "$1"
}
