namespace Kumo.Abstractions.Storage;

/// <summary>A stored code package.</summary>
/// <param name="Sha256">The SHA-256 of the content, as 64 lowercase hex digits.</param>
/// <param name="Size">The size in bytes.</param>
public sealed record CodePackage(string Sha256, long Size);
