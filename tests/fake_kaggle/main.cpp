#include "fake_kaggle/options.hpp"

int main(int argc, char** argv) { return fk::fake_kaggle::fake_kaggle_main(argc, argv); }
