using System.Security.Cryptography;

namespace Kumo.Sandbox.Oci;

/// <summary>
/// What a sandbox's function finds in <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and
/// <c>AWS_SESSION_TOKEN</c>, where Lambda puts its execution role's temporary credentials: the AWS SDKs need
/// some to sign their requests to Kumo's APIs. Kumo does not check signatures yet, so they are random values
/// made for each sandbox — never the host's own credentials — shaped like Lambda's (<c>ASIA…</c>) and marked
/// as Kumo's (<c>ASIAKUMO…</c>) so that they are easy to recognise in a log.
/// </summary>
internal sealed record SandboxCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken)
{
    private const string AccessKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The prefix of every access key id Kumo makes for a sandbox.</summary>
    public const string AccessKeyPrefix = "ASIAKUMO";

    /// <summary>Fresh random credentials: a 20-character key id, a 40-character secret and a session token.</summary>
    public static SandboxCredentials Generate() => new(
        AccessKeyPrefix + RandomNumberGenerator.GetString(AccessKeyAlphabet, 12),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)));

    /// <summary>Never the values: a record's generated text would otherwise put the secret into any log line that shows it.</summary>
    public override string ToString() => $"SandboxCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
