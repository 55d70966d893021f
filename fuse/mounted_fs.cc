// MountedFs: an in-process mount whose FuseSession loop runs on a background thread (tests,
// embedding). Signals are untouched; no FUSE headers (the session owns libfuse).
#include <thread>

#include "fuse/fuse_session.h"
#include "fuse/mount.h"

namespace attestfs::fs {

struct MountedFs::Impl {
  std::unique_ptr<FuseSession> session;
  std::thread loop;  // runs session->Run(); joined by Unmount
  int loop_rc = 0;   // written by `loop`, read after it is joined
};

MountedFs::MountedFs(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MountedFs::~MountedFs() { (void)Unmount(); }

Result<std::unique_ptr<MountedFs>> MountedFs::Start(MountRequest request) {
  auto impl = std::make_unique<Impl>();
  AFS_ASSIGN_OR_RETURN(impl->session, FuseSession::Create(std::move(request)));
  Impl* raw = impl.get();
  raw->loop = std::thread([raw] {
    raw->loop_rc = raw->session->Run();
    raw->session->fs().reader().CancelSource();
  });
  return std::unique_ptr<MountedFs>(new MountedFs(std::move(impl)));
}

Status MountedFs::Unmount() {
  if (!impl_ || !impl_->loop.joinable()) return OkStatus();
  impl_->session->Detach();
  impl_->loop.join();
  int rc = impl_->loop_rc;
  impl_.reset();
  if (rc != 0) return Error(Errc::kIo, "fuse loop ended with status " + std::to_string(rc));
  return OkStatus();
}

AttestFs& MountedFs::fs() { return impl_->session->fs(); }

}  // namespace attestfs::fs
