import { Alert, Anchor, Center, Container, Group, Image, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { Link, useParams } from 'react-router';
import { ErrorView } from '../../components/ErrorView';
import { joinUrl, recallJoinCode, timeLeft, useNow, useWorkshop, useWorkshopEvents } from './workshop-data';

/** The join URL as a QR code (an SVG data URL: no script, allowed by the page's `img-src data:`). */
function useQrCode(url: string | undefined) {
  return useQuery({
    queryKey: ['qr', url],
    queryFn: async () => {
      const svg = await QRCode.toString(url!, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    },
    enabled: url !== undefined,
    staleTime: Infinity,
  });
}

/** For the projector: the join code in large type, the join URL and its QR code, seats joined and free, live. */
export function Component() {
  const { id = '' } = useParams();
  const workshop = useWorkshop(id);
  useWorkshopEvents(id);
  const now = useNow();
  const code = recallJoinCode(id);
  const url = code ? joinUrl(code) : undefined;
  const qr = useQrCode(url);

  if (workshop.isPending) return <Loader aria-label="Loading the workshop" m="xl" />;
  if (workshop.isError)
    return (
      <Container py="xl">
        <Title order={2} mb="md">
          Join screen
        </Title>
        <ErrorView error={workshop.error} onRetry={() => void workshop.refetch()} />
      </Container>
    );
  const joined = workshop.data.seats.filter((seat) => seat.student).length;
  const free = workshop.data.capacity - joined;
  return (
    <Container py="xl" size="lg">
      <Stack align="center" gap="lg">
        <Title order={2}>Join the workshop: {workshop.data.example}</Title>
        {code && url ? (
          <>
            <Text fz={72} fw={700} ff="monospace" lh={1} aria-label={`Join code ${code.split('').join(' ')}`}>
              {code}
            </Text>
            <Group gap="xl" align="center" justify="center">
              {qr.data ? (
                <Image src={qr.data} alt={`QR code of the join address ${url}`} w={260} h={260} fit="contain" />
              ) : (
                <Loader aria-label="Drawing the QR code" />
              )}
              <Stack gap={4}>
                <Text size="lg">Open</Text>
                <Anchor href={url} fz="xl" ff="monospace">
                  {url}
                </Anchor>
              </Stack>
            </Group>
          </>
        ) : (
          <Alert color="blue" title="The join code is not in this browser" role="status">
            The code is shown once, when the workshop is made, and this browser keeps it for this screen. Open the join
            screen from the browser that made the workshop, or make a new workshop.
          </Alert>
        )}
        <Center>
          <Text fz="xl" aria-live="polite">
            <strong>{joined}</strong> joined · <strong>{free}</strong> free · {timeLeft(workshop.data.endsAt, now)} left
          </Text>
        </Center>
        <Anchor component={Link} to={`/workshops/${id}`}>
          Back to the class board
        </Anchor>
      </Stack>
    </Container>
  );
}
