using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The bare baseline over HTTP: the benchmark function's handler behind a Kestrel minimal API on a free loopback
// port, called with the same body the platform gets. Prints "listening PORT" when ready; stops on SIGTERM.
// Content root: its own folder, not the current directory, which it would watch for configuration changes (the
// whole tree under it: under /tmp, every folder the tests and sandboxes make there).
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var app = builder.Build();
var function = new Bench.Function();
app.MapPost("/{**path}", async (HttpRequest request) =>
{
    using var body = await JsonDocument.ParseAsync(request.Body);
    return Results.Json(function.Handle(body.RootElement));
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening {new Uri(address).Port}");
await app.WaitForShutdownAsync();
