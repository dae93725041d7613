namespace Kumo.Storage.Sqlite.Objects;

/// <summary>
/// The body of a part being joined into an object is gone: its upload was aborted, or the part replaced, after the
/// completion read which bodies to join. The completion reads the parts again.
/// </summary>
internal sealed class PartBodyMissingException(string blob) : IOException($"the body {blob} of a part is gone")
{
    /// <summary>The id of the missing body.</summary>
    public string Blob { get; } = blob;
}
