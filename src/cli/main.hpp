#pragma once

namespace fk::cli {

// Run fetch-kaggle with the process's arguments; return the exit code (docs/operations.md).
int main(int argc, char** argv);

} // namespace fk::cli
