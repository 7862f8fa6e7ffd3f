// Entry point of the `migrate` binary: everything happens in App.
#include "app.hpp"

int main(int argc, char** argv) { return migrate::cli::run(argc, argv); }
