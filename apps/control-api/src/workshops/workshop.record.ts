export interface WorkshopRecord {
  id: string;
  leaderId: string;
  example: string;
  seats: number;
  joinCodeHash: string;
  createdAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  /** Students of its seats see the lab's solutions (the leader's choice). */
  solutionsVisible: boolean;
}

export interface StepProgress {
  id: string;
  passed: boolean;
}

export interface SeatRecord {
  workshopId: string;
  seat: number;
  sandboxId: string;
  studentName: string | null;
  tokenId: string | null;
  joinedAt: Date | null;
  /** Hash of the secret that lets the seat's student rejoin it (null while nobody holds the seat). */
  rejoinSecretHash: string | null;
  progress: StepProgress[] | null;
  progressAt: Date | null;
}
