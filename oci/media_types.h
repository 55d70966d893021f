// OCI / Docker / ModelPack media types and annotation keys used by the registry client.
// Values are the exact wire strings (never with parameters such as ";version="). Attestation
// payload types (DSSE envelope, Sigstore bundle, in-toto) are in attestation/media_types.h.
#pragma once

#include <string_view>

namespace attestfs::oci {

// Image spec v1.1.
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view kOciLayerTar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view kOciLayerTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view kOciLayerTarZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view kOciEmpty = "application/vnd.oci.empty.v1+json";
// The empty descriptor's blob is the two bytes "{}".
inline constexpr std::string_view kEmptyJson = "{}";
inline constexpr std::string_view kEmptyJsonDigest =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

// Docker schema 2 (accepted on read, never written).
inline constexpr std::string_view kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";

// Accept header for manifest GET/HEAD: distribution 2.8.2 answers 404 to an OCI manifest
// unless the OCI types are listed (oci-formats.md §9).
inline constexpr std::string_view kManifestAccept =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";

// CNCF ModelPack (model-spec).
inline constexpr std::string_view kModelArtifactType =
    "application/vnd.cncf.model.manifest.v1+json";
inline constexpr std::string_view kModelConfig = "application/vnd.cncf.model.config.v1+json";
inline constexpr std::string_view kModelLayerPrefix = "application/vnd.cncf.model.";

// Annotation keys.
inline constexpr std::string_view kAnnotationTitle = "org.opencontainers.image.title";
inline constexpr std::string_view kAnnotationCreated = "org.opencontainers.image.created";
inline constexpr std::string_view kAnnotationRefName = "org.opencontainers.image.ref.name";
inline constexpr std::string_view kAnnotationModelFilepath = "org.cncf.model.filepath";
inline constexpr std::string_view kAnnotationModelFileMetadata =
    "org.cncf.model.file.metadata+json";
inline constexpr std::string_view kAnnotationBundleContent = "dev.sigstore.bundle.content";
inline constexpr std::string_view kAnnotationBundlePredicateType =
    "dev.sigstore.bundle.predicateType";

}  // namespace attestfs::oci
