using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The bare baseline over HTTP: the benchmark function's handler behind a Kestrel minimal API on a free loopback
// port, called with the same body the platform gets. Prints "listening PORT" when ready; stops on SIGTERM.
var builder = WebApplication.CreateSlimBuilder(args);
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
