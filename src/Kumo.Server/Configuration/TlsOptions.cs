namespace Kumo.Server.Configuration;

/// <summary>
/// The HTTPS port beside the main one: the same pipeline over TLS, where HTTP/2 is offered by ALPN next to
/// HTTP/1.1. Kestrel cannot tell HTTP/1.1 from HTTP/2 on a cleartext port, and browsers speak HTTP/2 only over TLS.
/// </summary>
public sealed record TlsOptions
{
    /// <summary>The HTTPS port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The certificate, a PEM file, as given (relative paths are taken from the current directory); null lets Kumo
    /// make a self-signed certificate and keep it in the data directory.
    /// </summary>
    public string? CertificateFile { get; init; }

    /// <summary>The private key of <see cref="CertificateFile"/>, a PEM file, as given; set exactly when it is.</summary>
    public string? KeyFile { get; init; }
}
