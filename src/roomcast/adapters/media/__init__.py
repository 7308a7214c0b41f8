"""Media I/O with PyAV (FFmpeg's libraries from the wheel), numpy and OpenCV."""
