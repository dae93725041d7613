namespace Kumo.Server.Tls;

/// <summary>The HTTPS port of a running server and the certificate it presents, as the start-up banner shows them.</summary>
/// <param name="Address">The address, such as <c>https://127.0.0.1:7443</c>.</param>
/// <param name="CertificateFile">The absolute path of the certificate's PEM file: what a client trusts.</param>
/// <param name="Fingerprint">The certificate's SHA-256 fingerprint, <c>AB:CD:…</c>, as <c>openssl x509 -fingerprint -sha256</c> prints it.</param>
/// <param name="NotAfter">When the certificate expires.</param>
/// <param name="Description">Where the certificate came from: the user's, made by Kumo now (and why), or kept from an earlier start.</param>
public sealed record HttpsEndpoint(string Address, string CertificateFile, string Fingerprint, DateTimeOffset NotAfter, string Description);
