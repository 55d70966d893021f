// attestfs entry point: dispatches to the CLI (or to the mount helper when invoked as
// mount.attestfs).
#include "cli/app.h"

int main(int argc, char** argv) { return attestfs::cli::Main(argc, argv); }
