"""What a media file holds: its streams, size and duration."""

from __future__ import annotations

from pathlib import Path

import av

from roomcast.core.errors import MediaError
from roomcast.core.media import MediaInfo


class PyAvProbe:
    def probe(self, path: str) -> MediaInfo:
        return probe(Path(path))


def probe(path: Path) -> MediaInfo:
    if not path.is_file():
        raise MediaError(str(path), "no such file")
    try:
        with av.open(str(path)) as container:
            video = next(iter(container.streams.video), None)
            audio = next(iter(container.streams.audio), None)
            main = video or audio
            if main is None:
                raise MediaError(str(path), "holds neither audio nor video")
            return MediaInfo(
                path=str(path),
                duration=_duration(container, main),
                width=video.codec_context.width if video else 0,
                height=video.codec_context.height if video else 0,
                video_codec=video.codec_context.name if video else None,
                audio_codec=audio.codec_context.name if audio else None,
                container=container.format.name,
            )
    except av.FFmpegError as exc:
        raise MediaError(str(path), f"cannot be read as media ({exc.strerror})") from exc


def _duration(container: av.container.InputContainer, stream: av.stream.Stream) -> float:
    if container.duration:
        return float(container.duration / av.time_base)
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    # No duration in the header: read the last packet's end.
    end = 0.0
    for packet in container.demux(stream):
        if packet.pts is not None and packet.time_base is not None:
            end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    if end <= 0:
        raise MediaError(str(container.name), "has no readable duration")
    return end
