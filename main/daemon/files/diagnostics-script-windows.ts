// The Windows counterpart of diagnostics-script.ts (Windows PowerShell 5.1, Windows Server 2016 and
// later), run as `powershell -NoProfile -NonInteractive -Command <script>` with FLEET, COMPUTE and
// TOOL set in the environment. NOT RUN ANYWHERE YET: no transport runs PowerShell (files over
// Session Manager drive sh; SDK 4 Windows is RDP only) and this machine has no pwsh, so it has never
// been executed. It is kept beside the Linux script so the two stay alike when one changes.
// Same output contract: "GAMELIFT-DIAGNOSTICS <bytes> <sha256>\n" then the .tar.gz (tar.exe, in
// Windows since Server 2019), manifest.json inside. Paths (sources): the build under C:\Game, the
// metadata file C:\GameMetadata\gamelift-metadata.json, the GameLift Agent's logs
// C:\GameLiftAgent\Logs (aws/amazon-gamelift-agent); crash dumps where Windows Error Reporting's
// LocalDumps puts them (HKLM:\SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps
// DumpFolder, default %LOCALAPPDATA%\CrashDumps) and WER's report folders.
// String.raw: PowerShell's backslashes stay as written; the script has no backtick and no dollar-brace.
export const GATHER_SCRIPT_WINDOWS = String.raw`
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
$Fleet = $env:FLEET; $Compute = $env:COMPUTE; $Tool = $env:TOOL
$LogCap = 16MB; $LogFiles = 100; $CoreCap = 512MB; $Cores = 3; $TotalCap = 1GB; $CopySeconds = 300
$tag = ($Compute -replace '[^A-Za-z0-9._-]', '_')
$W = Join-Path $env:TEMP ('gamelift-diagnostics.' + $tag + '.' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$D = Join-Path $W 'gamelift-diagnostics'
New-Item -ItemType Directory -Force -Path $D | Out-Null
$items = New-Object System.Collections.ArrayList
$script:used = 0

function Human($b) { $u = 'B', 'KiB', 'MiB', 'GiB', 'TiB'; $i = 0; $v = [double]$b; while ($v -ge 1024 -and $i -lt 4) { $v /= 1024; $i++ }; if ($i -eq 0) { return "$b B" }; return ('{0:N1} {1}' -f $v, $u[$i]) }
function Add-Item($kind, $status, $source, $path, $bytes, $sourceBytes, $reason) {
  $i = [ordered]@{ kind = $kind; status = $status; source = $source }
  if ($path) { $i.path = $path.Replace('\', '/') }
  if ($null -ne $bytes) { $i.bytes = [long]$bytes }
  if ($null -ne $sourceBytes) { $i.sourceBytes = [long]$sourceBytes }
  if ($reason) { $i.reason = $reason }
  [void]$items.Add($i)
}

# A file, or its last $cap bytes ($cap 0: whole or skipped), read shared (a log may be open for writing).
function Take-File($kind, $src, $dest, $cap) {
  if (-not (Test-Path -LiteralPath $src -PathType Leaf)) { Add-Item $kind 'missing' $src $null $null $null 'no such file'; return }
  $size = (Get-Item -LiteralPath $src).Length
  $want = $size
  if ($cap -gt 0 -and $size -gt $cap) { $want = $cap }
  if ($cap -eq 0 -and $size -gt $CoreCap) { Add-Item $kind 'skipped' $src $null $null $size ((Human $size) + ' is over the ' + (Human $CoreCap) + ' limit for one file'); return }
  if ($script:used + $want -gt $TotalCap) { Add-Item $kind 'skipped' $src $null $null $size ("the archive's " + (Human $TotalCap) + ' budget is spent'); return }
  $target = Join-Path $D $dest
  New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
  $clock = [Diagnostics.Stopwatch]::StartNew(); $got = 0; $timedOut = $false
  try {
    $in = [IO.File]::Open($src, 'Open', 'Read', 'ReadWrite, Delete')
    try {
      [void]$in.Seek($size - $want, 'Begin')
      $out = [IO.File]::Create($target)
      try {
        $buf = New-Object byte[] 1048576
        while ($got -lt $want) {
          if ($clock.Elapsed.TotalSeconds -gt $CopySeconds) { $timedOut = $true; break }
          $n = $in.Read($buf, 0, [Math]::Min($buf.Length, $want - $got))
          if ($n -le 0) { break }
          $out.Write($buf, 0, $n); $got += $n
        }
      } finally { $out.Dispose() }
    } finally { $in.Dispose() }
  } catch { Add-Item $kind 'missing' $src $null $null $size ('could not be read: ' + $_.Exception.Message); return }
  $script:used += $got
  if ($timedOut) { Add-Item $kind 'truncated' $src $dest $got $size ('the copy timed out after ' + $CopySeconds + 's') }
  elseif ($want -lt $size) { Add-Item $kind 'truncated' $src $dest $got $size ('only its last ' + (Human $want) + ' (of ' + (Human $size) + ')') }
  else { Add-Item $kind 'found' $src $dest $got $size $null }
}

function Take-Folder($kind, $dir, $dest, $filter) {
  if (-not (Test-Path -LiteralPath $dir -PathType Container)) { Add-Item $kind 'missing' $dir $null $null $null 'no such folder'; return }
  $files = @(Get-ChildItem -LiteralPath $dir -Recurse -File -Force -Filter $filter -ErrorAction SilentlyContinue | Sort-Object LastWriteTimeUtc -Descending)
  if ($files.Count -eq 0) { Add-Item $kind 'missing' $dir $null $null $null 'the folder has no files'; return }
  foreach ($f in ($files | Select-Object -First $LogFiles)) { Take-File $kind $f.FullName (Join-Path $dest $f.FullName.Substring($dir.Length).TrimStart('\')) $LogCap }
  if ($files.Count -gt $LogFiles) { Add-Item $kind 'skipped' $dir $null $null $null ("$($files.Count - $LogFiles) older files left out (the newest $LogFiles are kept)") }
}

function Take-Command($kind, $dest, $what, [scriptblock]$run) {
  $target = Join-Path $D $dest
  New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
  try {
    & $run 2>&1 | Out-String -Width 400 | Set-Content -LiteralPath $target -Encoding UTF8
    $got = (Get-Item -LiteralPath $target).Length; $script:used += $got
    Add-Item $kind 'found' $what $dest $got $null $null
  } catch { Add-Item $kind 'missing' $what $null $null $null $_.Exception.Message }
}

Take-File 'metadata' 'C:\GameMetadata\gamelift-metadata.json' 'gamemetadata\gamelift-metadata.json' $LogCap
Take-Folder 'game-logs' 'C:\Game\logs' 'game\logs' '*'
Take-Folder 'agent-logs' 'C:\GameLiftAgent\Logs' 'gameliftagent\logs' '*'

# Crash dumps: LocalDumps' folder (per application keys may name others), newest that fit first.
$dumpDirs = @()
$wer = 'HKLM:\SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps'
if (Test-Path $wer) { $dumpDirs += @(Get-ChildItem $wer -ErrorAction SilentlyContinue | ForEach-Object { (Get-ItemProperty $_.PSPath).DumpFolder }) + (Get-ItemProperty $wer).DumpFolder }
$dumpDirs += (Join-Path $env:LOCALAPPDATA 'CrashDumps'), 'C:\Windows\System32\config\systemprofile\AppData\Local\CrashDumps'
$dumps = @($dumpDirs | Where-Object { $_ } | ForEach-Object { [Environment]::ExpandEnvironmentVariables($_) } | Select-Object -Unique | Where-Object { Test-Path -LiteralPath $_ } |
  ForEach-Object { Get-ChildItem -LiteralPath $_ -File -Filter '*.dmp' -ErrorAction SilentlyContinue } | Sort-Object LastWriteTimeUtc -Descending)
if ($dumps.Count -eq 0) { Add-Item 'cores' 'missing' ($dumpDirs -join '; ') $null $null $null 'no crash dumps where Windows Error Reporting puts them' }
$taken = 0
foreach ($f in $dumps) {
  if ($f.Length -gt $CoreCap) { Add-Item 'cores' 'skipped' $f.FullName $null $null $f.Length ((Human $f.Length) + ' is over the ' + (Human $CoreCap) + ' limit for one file'); continue }
  if ($taken -ge $Cores) { Add-Item 'cores' 'skipped' $f.FullName $null $null $f.Length "older than the newest $Cores crash dumps kept"; continue }
  Take-File 'cores' $f.FullName (Join-Path 'cores' $f.Name) 0; $taken++
}
Get-ChildItem 'C:\ProgramData\Microsoft\Windows\WER\ReportArchive', 'C:\ProgramData\Microsoft\Windows\WER\ReportQueue' -Recurse -File -Filter 'Report.wer' -ErrorAction SilentlyContinue |
  Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 20 | ForEach-Object { Take-File 'crash-reports' $_.FullName (Join-Path 'wer' ($_.Directory.Name + '.wer')) $LogCap }

Take-Command 'processes' 'system\processes.txt' 'Get-Process' { Get-Process | Sort-Object CPU -Descending | Format-Table Id, ProcessName, CPU, WorkingSet64, StartTime, Path -AutoSize }
Take-Command 'disk' 'system\disk.txt' 'Get-PSDrive' { Get-PSDrive -PSProvider FileSystem | Format-Table Name, Root, Used, Free -AutoSize }
Take-Command 'memory' 'system\memory.txt' 'Win32_OperatingSystem' { Get-CimInstance Win32_OperatingSystem | Format-List TotalVisibleMemorySize, FreePhysicalMemory, TotalVirtualMemorySize, FreeVirtualMemory, LastBootUpTime }
Take-Command 'kernel-messages' 'system\system-events.txt' 'Get-WinEvent System (errors and warnings)' { Get-WinEvent -FilterHashtable @{ LogName = 'System'; Level = 1, 2, 3 } -MaxEvents 2000 | Format-List TimeCreated, Id, ProviderName, LevelDisplayName, Message }
Take-Command 'application-events' 'system\application-events.txt' 'Get-WinEvent Application (errors and warnings)' { Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Level = 1, 2, 3 } -MaxEvents 2000 | Format-List TimeCreated, Id, ProviderName, LevelDisplayName, Message }
Take-Command 'system' 'system\os.txt' 'Win32_OperatingSystem' { Get-CimInstance Win32_OperatingSystem | Format-List Caption, Version, BuildNumber, LastBootUpTime }
Take-Command 'network' 'system\listening.txt' 'Get-NetTCPConnection/Get-NetUDPEndpoint' { Get-NetTCPConnection -State Listen | Format-Table LocalAddress, LocalPort, OwningProcess -AutoSize; Get-NetUDPEndpoint | Format-Table LocalAddress, LocalPort, OwningProcess -AutoSize }

$manifest = [ordered]@{ format = 'gamelift-connect-diagnostics/1'; tool = "gamelift-connect $Tool"; fleetId = $Fleet; computeName = $Compute
  collectedAt = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'); hostname = $env:COMPUTERNAME; user = $env:USERNAME; os = 'windows'
  limits = [ordered]@{ logFileBytes = $LogCap; logFiles = $LogFiles; coreBytes = $CoreCap; cores = $Cores; totalBytes = $TotalCap }; items = $items.ToArray() }
[IO.File]::WriteAllText((Join-Path $D 'manifest.json'), (ConvertTo-Json $manifest -Depth 5), (New-Object Text.UTF8Encoding $false))
try {
  $archive = Join-Path $W 'out.tar.gz'
  & "$env:SystemRoot\System32\tar.exe" -czf $archive -C $W gamelift-diagnostics
  if ($LASTEXITCODE -ne 0) { [Console]::Error.WriteLine('tar.exe failed'); exit 1 }
  $sum = (Get-FileHash -LiteralPath $archive -Algorithm SHA256).Hash.ToLowerInvariant()
  $bytes = [IO.File]::ReadAllBytes($archive)
  $stdout = [Console]::OpenStandardOutput()
  $head = [Text.Encoding]::ASCII.GetBytes("GAMELIFT-DIAGNOSTICS $($bytes.Length) $sum" + [char]10)
  $stdout.Write($head, 0, $head.Length); $stdout.Write($bytes, 0, $bytes.Length); $stdout.Flush()
} finally { Remove-Item -LiteralPath $W -Recurse -Force -ErrorAction SilentlyContinue }
`;
