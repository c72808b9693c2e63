# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder sandbox: the field rules of /download and /job (422 with one <error> per broken rule)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from sandbox_testlib import errors_of, parse

BROKEN_FIELDS = [
    ("video_format", "webm", "Video format is not included in the list"),
    ("video_format", "MP4", "Video format is not included in the list"),
    ("video_codec", "vp9", "Video codec is not included in the list"),
    ("audio_codec", "opus", "Audio codec is not included in the list"),
    ("width", "0", "Width must be other than 0"),
    ("width", "wide", "Width is not a number"),
    ("width", "1.5", "Width must be an integer"),
    ("width", "", "Width is not a number"),
    ("height", "0", "Height must be other than 0"),
    ("video_fps", "0", "Video fps must be other than 0"),
    ("video_fps", "29.97", "Video fps must be an integer"),
    ("audio_bitrate", "0", "Audio bitrate must be other than 0"),
    ("audio_sample_rate", "0", "Audio sample rate must be other than 0"),
    ("video_bitrate", "10000", "Video bitrate must be less than 10000"),
    ("video_bitrate", "768.0", "Video bitrate must be an integer"),
    ("audio_channel", "3", "Audio channel is not included in the list"),
    ("audio_channel", "0", "Audio channel is not included in the list"),
    ("keep_aspect", "2", "Keep aspect is not included in the list"),
    ("add_padding", "true", "Add padding is not included in the list"),
    ("watermark_transparent", "yes", "Watermark transparent is not included in the list"),
    ("trim_begin", "-1", "Trim begin must be greater than or equal to 0"),
    ("duration", "0", "Duration must be greater than 0"),
    ("thumbnail_width", "-1", "Thumbnail width must be greater than or equal to 0"),
    ("thumbnail_height", "-2", "Thumbnail height must be greater than or equal to 0"),
    ("thumb_moments", "0.01", "Thumb moments must be greater than 0.01"),
    ("thumb_start", "0", "Thumb start must be greater than 0.01"),
    ("thumb_end", "x", "Thumb end is not a number"),
    ("thumb_amount", "-1", "Thumb amount must be greater than or equal to 0"),
    ("thumb_way", "random", "Thumb way is not included in the list"),
    ("watermark_size", "100", "Watermark size must be between 0 and 99"),
    ("watermark_size", "-1", "Watermark size must be between 0 and 99"),
    ("watermark_top", "-1", "Watermark top must be greater than or equal to 0"),
    ("watermark_left", "-3", "Watermark left must be greater than or equal to 0"),
    ("segment_duration", "4", "Segment duration must be greater than or equal to 5"),
    ("upload_url", "http://example.com/out", "Upload url is invalid"),
    ("upload_url", "S3://bucket", "Upload url is invalid"),
    ("thumbnail_upload_url", "https://example.com/thumbs", "Thumbnail upload url is invalid"),
    ("postback_url", "ftp://example.com/hook", "Postback url is invalid"),
]

GOOD_FIELDS = [
    ("video_format", "matroska"), ("video_codec", "msmpeg4v2"), ("audio_codec", "mpeg4aac"),
    ("width", "-320"), ("video_bitrate", "9999"), ("video_bitrate", "0"), ("audio_channel", "1"),
    ("keep_aspect", "0"), ("trim_begin", "0"), ("duration", "1"), ("thumbnail_width", "0"),
    ("thumb_moments", "0.02"), ("thumb_start", "3"), ("thumb_amount", "0"), ("thumb_way", "even"),
    ("watermark_size", "0"), ("watermark_size", "99"), ("watermark_top", "0"), ("segment_duration", "5"),
    ("upload_url", "s3://bucket"), ("upload_url", "ftp://user:pass@ftp.example.com/folder"),
    ("thumbnail_upload_url", "sftp://user:pass@sftp.example.com/thumbs"), ("postback_url", "https://hooks.example.com/a"),
    ("suffix", "_hd"), ("bitrate_tolerance", "500"), ("watermark_url", "http://example.com/logo.png"),
]


@pytest.mark.parametrize("field, value, message", BROKEN_FIELDS)
def test_download_field_rule(sb, field, value, message):
    response = sb.download(**{field: value})
    assert response.status_code == 422
    assert errors_of(response) == [message]
    assert sb.stats()["creates"]["ankoder.video"] == 0


@pytest.mark.parametrize("field, value, message", BROKEN_FIELDS)
def test_job_field_rule(sb, field, value, message):
    video = sb.new_video()
    response = sb.post("/job", data={"original_file_id": video, "profile_id": "5", field: value})
    assert response.status_code == 422
    assert errors_of(response) == [message]
    assert sb.stats()["creates"]["ankoder.job"] == 0


@pytest.mark.parametrize("field, value", GOOD_FIELDS)
def test_download_accepts_valid_values(sb, field, value):
    response = sb.download(**{field: value})
    assert response.status_code == 200, response.text


def test_one_error_per_broken_rule(sb):
    response = sb.download(width="0", height="0", video_codec="vp9", thumb_way="x")
    assert errors_of(response) == [
        "Video codec is not included in the list", "Width must be other than 0", "Height must be other than 0",
        "Thumb way is not included in the list",
    ]


@pytest.mark.parametrize("url", [
    "http://media.example.com/a.mp4", "https://media.example.com/a.mp4?sig=1", "s3://bucket/key/a.mp4",
    "ftp://user:pass@ftp.example.com/dir/a.wmv",
])
def test_download_source_urls_accepted(sb, url):
    assert sb.download(url=url).status_code == 200


@pytest.mark.parametrize("url", [
    "HTTP://media.example.com/a.mp4", "S3://bucket/key", "s3://bucket", "s3://bucket/", "ftp://ftp.example.com/a.wmv",
    "file:///etc/passwd", "media.example.com/a.mp4", "http://", "sftp://user:pass@host/a.mp4",
])
def test_download_source_urls_refused(sb, url):
    assert errors_of(sb.download(url=url)) == ["Url is invalid"]


def test_download_url_blank(sb):
    assert errors_of(sb.download(url="")) == ["Url can't be blank"]
    response = sb.post("/download", data={"video_format": "mp4", "video_codec": "h264", "audio_codec": "aac"})
    assert errors_of(response) == ["Url can't be blank"]


def test_download_mandatory_without_profile(sb):
    response = sb.post("/download", data={"url": "http://media.example.com/a.mp4"})
    assert response.status_code == 422
    assert errors_of(response) == ["Video format can't be blank", "Video codec can't be blank", "Audio codec can't be blank"]
    response = sb.post("/download", data={"url": "http://media.example.com/a.mp4", "video_format": "mp4"})
    assert errors_of(response) == ["Video codec can't be blank", "Audio codec can't be blank"]


@pytest.mark.parametrize("extra", [{"custom_profile": "5"}, {"custom_recipe": "3"}, {"custom_profile": "2", "width": "320"}])
def test_download_with_profile_or_recipe_needs_no_format(sb, extra):
    form = {"url": "http://media.example.com/a.mp4"}
    form.update(extra)
    response = sb.post("/download", data=form)
    assert response.status_code == 200, response.text


def test_download_unknown_profile_and_recipe(sb):
    response = sb.post("/download", data={"url": "http://media.example.com/a.mp4", "custom_profile": "4"})
    assert errors_of(response) == ["Custom profile not found"]
    response = sb.post("/download", data={"url": "http://media.example.com/a.mp4", "custom_recipe": "x"})
    assert errors_of(response) == ["Custom recipe not found"]


def test_unknown_and_repeated_fields(sb):
    assert errors_of(sb.download(colour="blue")) == ["Unknown parameter colour"]
    body = "url=http%3A%2F%2Fm.example.com%2Fa.mp4&video_format=mp4&video_format=flv&video_codec=h264&audio_codec=aac"
    response = sb.post("/download", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert errors_of(response) == ["Video format is given more than once"]


def test_post_fields_in_query_string_refused(sb):
    response = sb.post("/download?url=http://m.example.com/a.mp4&custom_profile=5")
    assert response.status_code == 422
    assert errors_of(response) == ["Parameters must be sent in the request body, not the query string"]


def test_post_json_refused(sb):
    response = sb.post("/download", json={"url": "http://m.example.com/a.mp4", "custom_profile": "5"})
    assert response.status_code == 422
    assert errors_of(response) == ["Content-Type must be application/x-www-form-urlencoded"]


def test_malformed_urlencoded_refused(sb):
    response = sb.post("/download", data="url&&", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 422
    assert errors_of(response)[0].startswith("Malformed form")


def test_job_original_file_rules(sb):
    assert errors_of(sb.post("/job", data={"profile_id": "5"})) == ["Original file can't be blank"]
    assert errors_of(sb.post("/job", data={"profile_id": "5", "original_file_id": ""})) == ["Original file can't be blank"]
    assert errors_of(sb.post("/job", data={"profile_id": "5", "original_file_id": "999999"})) == ["Original file not found"]
    assert errors_of(sb.post("/job", data={"profile_id": "5", "original_file_id": "abc"})) == ["Original file not found"]


def test_job_profile_rules(sb):
    video = sb.new_video()
    assert errors_of(sb.post("/job", data={"original_file_id": video, "profile_id": "3"})) == ["Profile not found"]
    response = sb.post("/job", data={"original_file_id": video})
    assert errors_of(response) == ["Video format can't be blank", "Video codec can't be blank", "Audio codec can't be blank"]
    response = sb.post("/job", data={"original_file_id": video, "video_format": "mp4", "video_codec": "h264", "audio_codec": "aac"})
    assert response.status_code == 200, response.text
    profile = parse(response).find("profile")
    assert profile.findtext("id") == ""
    assert profile.findtext("video_format") == "mp4"


def test_job_overrides_show_in_profile(sb):
    video = sb.new_video()
    response = sb.post("/job", data={"original_file_id": video, "profile_id": "5", "width": "640", "video_bitrate": "900",
                                     "keep_aspect": "0", "upload_url": "s3://out-bucket"})
    assert response.status_code == 200, response.text
    profile = parse(response).find("profile")
    assert profile.findtext("id") == "5"
    assert profile.findtext("width") == "640"
    assert profile.findtext("height") == "720"
    assert profile.findtext("video_bitrate") == "900.0"
    assert profile.findtext("keep_aspect") == "false"


def test_job_unknown_field_refused(sb):
    video = sb.new_video()
    response = sb.post("/job", data={"original_file_id": video, "profile_id": "5", "priority": "high"})
    assert errors_of(response) == ["Unknown parameter priority"]
