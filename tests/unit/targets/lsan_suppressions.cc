// LeakSanitizer suppressions for unit_targets under -fsanitize=address: libgit2 1.5's pcre2
// regex backend leaks match data in git_remote_create (called by git_clone), a few KiB per
// clone (without frame pointers in libpcre2 the stack may stop there, hence the module entry).
// Our own code avoids the other leaking libgit2 paths (see GitRepo::RemoteUrl).
extern "C" const char* __lsan_default_suppressions() {  // NOLINT: sanitizer hook
  return "leak:git_remote_create_with_opts\nleak:libpcre2-8.so\n";
}
