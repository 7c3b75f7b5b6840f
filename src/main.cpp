#include "cli/main.hpp"

int main(int argc, char** argv) { return fk::cli::main(argc, argv); }
