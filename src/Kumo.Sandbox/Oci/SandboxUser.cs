namespace Kumo.Sandbox.Oci;

/// <summary>The unprivileged user functions run as, named and numbered as on AWS Lambda.</summary>
internal static class SandboxUser
{
    public const int Uid = 993;
    public const int Gid = 990;
    public const string Name = "sbx_user1051";
}
